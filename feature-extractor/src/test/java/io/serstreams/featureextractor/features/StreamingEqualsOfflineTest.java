package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.SampleEncoding;
import io.serstreams.featureextractor.audio.SampleEncoder;
import io.serstreams.featureextractor.testing.SharedData;
import io.serstreams.featureextractor.testing.Signals;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recording fed as chunks of any size (10 ms to 1 s, odd sample counts, any chunk encoding)
 * yields the same segments and features as the whole recording at once.
 */
class StreamingEqualsOfflineTest {
    private static final FeatureConfig CONFIG = FeatureConfig.DEFAULT;

    /** A call: speech, a pause, more speech, and a short last utterance. */
    private static float[] call(int rate) {
        return Signals.concat(Signals.voice(140, rate * 5 / 2, rate, 1), new float[rate * 3 / 2],
                Signals.voice(210, rate * 2, rate, 2), new float[rate / 3], Signals.voice(180, rate * 7 / 10, rate, 3));
    }

    private static List<Segment> streamed(byte[] encoded, SampleEncoding encoding, int rate, long seed) {
        Random random = new Random(seed);
        int bytesPerSample = encoding.bytesPerSample();
        ChannelFeatureExtractor extractor = new ChannelFeatureExtractor(CONFIG, rate);
        List<Segment> segments = new ArrayList<>();
        int at = 0;
        while (at < encoded.length) {
            int samples = rate / 100 + random.nextInt(rate - rate / 100 + 1); // 10 ms .. 1 s, any count
            int bytes = Math.min(samples * bytesPerSample, encoded.length - at);
            float[] chunk = encoding.decodeMono(Arrays.copyOfRange(encoded, at, at + bytes));
            extractor.accept(chunk, 0, chunk.length, segments::add);
            at += bytes;
        }
        extractor.finish(segments::add);
        return segments;
    }

    static void assertSameSegments(List<Segment> actual, List<Segment> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Segment a = actual.get(i);
            Segment e = expected.get(i);
            assertThat(a.index()).isEqualTo(e.index());
            assertThat(a.startSample()).isEqualTo(e.startSample());
            assertThat(a.endSample()).isEqualTo(e.endSample());
            assertThat(a.frames()).isEqualTo(e.frames());
            assertThat(a.patches()).isEqualTo(e.patches());
            assertThat(a.voicedRatio()).isEqualTo(e.voicedRatio());
            assertThat(maxAbsDifference(a.logMel(), e.logMel())).isLessThanOrEqualTo(1e-5);
            assertThat(maxAbsDifference(a.descriptors(), e.descriptors())).isLessThanOrEqualTo(1e-5);
        }
    }

    static double maxAbsDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    @Property(tries = 24)
    void anyChunkingOfAnyEncodingGivesTheOfflineSegments(@ForAll("chunkEncodings") SampleEncoding encoding,
                                                         @ForAll("rates") int rate, @ForAll long seed) {
        byte[] encoded = SampleEncoder.encode(call(rate), encoding);
        float[] whole = encoding.decodeMono(encoded);
        List<Segment> offline = ChannelFeatureExtractor.segmentsOf(whole, rate, CONFIG);
        assertThat(offline).isNotEmpty();
        assertSameSegments(streamed(encoded, encoding, rate, seed), offline);
    }

    @Property(tries = 12)
    void snapshotAndRestoreBetweenChunksChangesNothing(@ForAll("rates") int rate, @ForAll long seed) {
        float[] audio = call(rate);
        List<Segment> offline = ChannelFeatureExtractor.segmentsOf(audio, rate, CONFIG);
        Random random = new Random(seed);
        ChannelFeatureExtractor extractor = new ChannelFeatureExtractor(CONFIG, rate);
        List<Segment> segments = new ArrayList<>();
        int at = 0;
        while (at < audio.length) {
            int n = Math.min(rate / 100 + random.nextInt(rate / 2), audio.length - at);
            extractor.accept(audio, at, n, segments::add);
            at += n;
            if (random.nextInt(3) == 0) {
                extractor = ChannelFeatureExtractor.restore(extractor.snapshot(), CONFIG);
            }
        }
        extractor.finish(segments::add);
        assertSameSegments(segments, offline);
    }

    @Test
    void corpusRecordingsStreamAsTheyDecodeWhole() {
        for (String file : List.of("corpora/ravdess/Actor_03/03-01-05-02-01-01-03.flac", "corpora/emovo/m1/rab-m1-b1.flac")) {
            float[] whole = AudioFiles.read(SharedData.require(file)).channels()[0];
            List<Segment> offline = ChannelFeatureExtractor.segmentsOf(whole, 16000, CONFIG.withSegments(96, 48));
            assertThat(offline).as(file).isNotEmpty();
            byte[] encoded = SampleEncoder.encode(whole, SampleEncoding.FLOAT32LE);
            for (long seed = 0; seed < 5; seed++) {
                Random random = new Random(seed);
                ChannelFeatureExtractor extractor = new ChannelFeatureExtractor(CONFIG.withSegments(96, 48), 16000);
                List<Segment> segments = new ArrayList<>();
                int at = 0;
                while (at < whole.length) {
                    int n = Math.min(160 + random.nextInt(16000), whole.length - at);
                    extractor.accept(SampleEncoding.FLOAT32LE.decodeMono(Arrays.copyOfRange(encoded, at * 4, (at + n) * 4)), 0, n, segments::add);
                    at += n;
                }
                extractor.finish(segments::add);
                assertSameSegments(segments, offline);
            }
        }
    }

    @Provide
    Arbitrary<SampleEncoding> chunkEncodings() {
        return Arbitraries.of(SampleEncoding.PCM16LE, SampleEncoding.MULAW, SampleEncoding.ALAW, SampleEncoding.FLOAT32LE);
    }

    @Provide
    Arbitrary<Integer> rates() {
        return Arbitraries.of(8000, 16000, 44100);
    }
}
