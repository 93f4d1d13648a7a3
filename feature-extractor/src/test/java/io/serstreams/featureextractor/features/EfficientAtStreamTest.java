package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.testing.Signals;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link EfficientAtStream}: audio pushed in pieces of any size, at any rate, yields exactly the
 * frames of {@link EfficientAtFrontEnd#logMel(float[], int)} on the whole signal, as early as its
 * documentation says, and nothing in bands the input rate cannot carry.
 */
class EfficientAtStreamTest {

    /** Every frame a stream hands out, as [128][T], in the order it hands them out. */
    private static final class Collected implements EfficientAtStream.FrameSink {
        final List<float[]> frames = new ArrayList<>();

        @Override
        public void frame(long index, float[] logMel) {
            assertThat(index).isEqualTo(frames.size());
            assertThat(logMel).hasSize(EfficientAtFrontEnd.MEL_BANDS);
            frames.add(logMel.clone());
        }

        float[][] bands() {
            float[][] bands = new float[EfficientAtFrontEnd.MEL_BANDS][frames.size()];
            for (int t = 0; t < frames.size(); t++) {
                for (int b = 0; b < bands.length; b++) {
                    bands[b][t] = frames.get(t)[b];
                }
            }
            return bands;
        }
    }

    @Property(tries = 40)
    void anyChunkingAtAnyRateGivesTheOfflineFrames(@ForAll("rates") int rate, @ForAll @IntRange(min = 0, max = 30_000) int samples,
                                                     @ForAll long seed) {
        Random random = new Random(seed);
        float[] audio = Signals.voice(120 + random.nextInt(150), samples, rate, seed);
        int largest = 1 + random.nextInt(rate / 2); // up to 0.5 s, often far less
        EfficientAtStream stream = new EfficientAtStream(rate);
        Collected sink = new Collected();
        for (int at = 0; at < audio.length; ) {
            int n = Math.min(1 + random.nextInt(largest), audio.length - at);
            stream.accept(audio, at, n, sink);
            at += n;
        }
        stream.finish(sink);

        float[][] offline = EfficientAtFrontEnd.logMel(audio, rate);
        assertThat(sink.bands()).isDeepEqualTo(offline);
        assertThat(stream.frames()).isEqualTo(offline[0].length);
    }

    @Test
    void framesComeOutAsSoonAsTheirSamplesAreIn() {
        float[] audio = Signals.voice(150, 3200, EfficientAtFrontEnd.SAMPLE_RATE, 7);
        EfficientAtStream stream = new EfficientAtStream(EfficientAtFrontEnd.SAMPLE_RATE);
        Collected sink = new Collected();
        List<Integer> framesAfterEachSample = new ArrayList<>();
        for (int i = 0; i < audio.length; i++) {
            stream.accept(audio, i, 1, sink);
            framesAfterEachSample.add(sink.frames.size());
        }
        // The reflect padding at the start needs 514 samples; then frame t needs 320t + 401.
        assertThat(framesAfterEachSample.get(512)).isZero();
        assertThat(framesAfterEachSample.get(513)).isEqualTo(1);
        assertThat(framesAfterEachSample.get(719)).isEqualTo(1);
        assertThat(framesAfterEachSample.get(720)).isEqualTo(2);
        assertThat(framesAfterEachSample.get(3199)).isEqualTo(9); // frame 9 needs 3281 samples
        stream.finish(sink);
        // 1 + floor(3199 / 320) = 10 frames: the last one reaches into the right padding.
        assertThat(sink.frames).hasSize(10);
        assertThat(sink.bands()).isDeepEqualTo(EfficientAtFrontEnd.logMel(audio));
    }

    @Test
    void frameCountFollowsTheReference() {
        assertThat(EfficientAtFrontEnd.frameCount(64_000)).isEqualTo(200);
        assertThat(EfficientAtFrontEnd.frameCount(64_001)).isEqualTo(201);
        assertThat(EfficientAtFrontEnd.frameCount(514)).isEqualTo(2);
        assertThat(EfficientAtFrontEnd.frameCount(513)).isZero();
        float[][] tooShort = EfficientAtFrontEnd.logMel(new float[513]);
        assertThat(tooShort).hasNumberOfRows(128);
        assertThat(tooShort[0]).isEmpty();
        assertThat(EfficientAtFrontEnd.logMel(new float[64_000])[0]).hasSize(200);
    }

    @Test
    void aStreamTooShortForTheReflectPaddingEndsWithoutFrames() {
        EfficientAtStream stream = new EfficientAtStream(16000);
        Collected sink = new Collected();
        stream.accept(new float[200], 0, 200, sink); // 400 samples at 32 kHz
        stream.finish(sink);
        assertThat(sink.frames).isEmpty();
        assertThatThrownBy(() -> stream.accept(new float[10], 0, 10, sink))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
    }

    @Test
    void digitalSilenceIsTheFloor() {
        float[][] bands = EfficientAtFrontEnd.logMel(new float[32_000]);
        assertThat(EfficientAtFrontEnd.FLOOR).isCloseTo(-1.4025851f, org.assertj.core.data.Offset.offset(1e-6f));
        for (float[] band : bands) {
            assertThat(band).hasSize(100).containsOnly(EfficientAtFrontEnd.FLOOR);
        }
    }

    /**
     * 8 kHz audio carries nothing above 4 kHz, and at 32 kHz it must stay so: loud white noise at
     * 8 kHz leaves every band that lies wholly above 4 kHz (band 79, from 4031 Hz, on) at the floor.
     * What remains in the first of them is the Hann window's own leakage from the noise just below
     * 4 kHz, which EfficientAT computes too; further up only the resampler's stopband (under -87 dB).
     * The two frames at each end are left out: they reach into the reflect padding, whose mirror
     * folds the signal back with a kink that is broadband in EfficientAT's front end as well.
     */
    @Test
    void eightKilohertzAudioLeavesTheBandsAbove4kHzAtTheFloor() {
        Random random = new Random(8000);
        float[] noise = new float[8000 * 5];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.1 * random.nextGaussian()); // -20 dBFS, as loud as telephone speech gets
        }
        EfficientAtStream stream = new EfficientAtStream(8000);
        Collected sink = new Collected();
        for (int at = 0; at < noise.length; at += 160) {
            stream.accept(noise, at, 160, sink);
        }
        stream.finish(sink);
        float[][] bands = sink.bands();

        MelFilterBank bank = EfficientAtFrontEnd.melFilterBank();
        int firstAbove4k = -1;
        for (int b = 0; b < bank.bands() && firstAbove4k < 0; b++) {
            if (bank.weight(128, b) == 0 && bank.weight(129, b) > 0) { // bin 128 is 4000 Hz
                firstAbove4k = b;
            }
        }
        assertThat(firstAbove4k).isEqualTo(79);
        int frames = bands[0].length;
        double[] mean = new double[bank.bands()];
        double[] worst = new double[bank.bands()];
        for (int b = 0; b < bank.bands(); b++) {
            for (int t = 2; t < frames - 2; t++) {
                double aboveFloor = bands[b][t] - EfficientAtFrontEnd.FLOOR;
                mean[b] += aboveFloor / (frames - 4);
                worst[b] = Math.max(worst[b], aboveFloor);
            }
        }
        System.err.printf("8 kHz white noise at 32 kHz, above the floor: bands 10-74 at least %.2f on average, 75-78 %.3f %.3f %.3f %.3f;"
                        + " at most: band 79 %.1e, 80 %.1e, 81-86 %.1e, 87-127 %.1e%n",
                min(mean, 10, 75), mean[75], mean[76], mean[77], mean[78], worst[79], worst[80], max(worst, 81, 87), max(worst, 87, 128));
        assertThat(min(mean, 10, 75)).as("bands 10-74: the noise itself").isGreaterThan(1);
        // Bands between 4 and 5 kHz: the window's leakage, falling with the distance from 4 kHz.
        assertThat(worst[79]).as("band 79, 4031-4219 Hz").isLessThan(0.05);
        assertThat(max(worst, 80, 128)).as("bands 80-127, from 4125 Hz").isLessThan(0.01);
        // From 5 kHz on, only the resampler's stopband.
        assertThat(max(worst, 87, 128)).as("bands 87-127, from 5031 Hz").isLessThan(1e-3);
    }

    private static double min(double[] values, int from, int to) {
        double min = Double.MAX_VALUE;
        for (int i = from; i < to; i++) {
            min = Math.min(min, values[i]);
        }
        return min;
    }

    private static double max(double[] values, int from, int to) {
        double max = -Double.MAX_VALUE;
        for (int i = from; i < to; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }

    @Provide
    Arbitrary<Integer> rates() {
        return Arbitraries.of(8000, 11025, 16000, 32000, 44100, 48000);
    }
}
