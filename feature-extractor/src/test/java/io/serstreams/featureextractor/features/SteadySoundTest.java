package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.testing.Signals;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A steady sound is judged the same way from its start to its end, and whatever does not become a
 * segment is accounted for. Before: the background level started at -60 dBFS and rose 2 dB/s, so
 * white noise at -14 dBFS passed for speech for its first 19 s (10 segments) and the other 581 s of
 * a 10-minute file were dropped without a word.
 */
class SteadySoundTest {
    private static final int RATE = 16000;

    @Test
    void tenMinutesOfWhiteNoiseAreJudgedAlikeThroughoutAndAllAccountedFor() {
        float[] noise = noise(600 * RATE, 0.2, 1);
        SegmentedChannel result = ChannelFeatureExtractor.segment(noise, RATE, FeatureConfig.DEFAULT);
        long firstMinute = result.segments().stream().filter(s -> s.endSample() <= 60L * RATE).count();
        long lastMinute = result.segments().stream().filter(s -> s.startSample() >= 540L * RATE).count();
        assertThat(firstMinute).as("segments in the first minute, against %d in the last", lastMinute).isEqualTo(lastMinute);
        SegmentationTally tally = result.tally();
        assertThat(tally.totalSamples()).isEqualTo(noise.length);
        assertThat(tally.segmentedSamples()).isZero();
        assertThat(tally.unvoicedSamples()).isGreaterThan(599L * RATE);
        assertThat(tally.describe(FeatureConfig.DEFAULT)).startsWith("0.00 s in segments, 600.00 s not: 599.98 s not voiced enough (under 30% speech frames");
    }

    @Test
    void noiseStartingMidCallBecomesBackgroundWithinThreeSeconds() {
        float[] audio = Signals.concat(new float[5 * RATE], noise(60 * RATE, 0.2, 2));
        List<Segment> segments = ChannelFeatureExtractor.segmentsOf(audio, RATE, FeatureConfig.DEFAULT.withSegments(96, 96));
        assertThat(segments).allSatisfy(s -> assertThat(s.startSample()).isLessThan(8L * RATE));
        assertThat(segments.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void speechOverSteadyNoiseIsStillFound() {
        float[] noise = noise(20 * RATE, 0.01, 3); // -40 dBFS
        float[] voice = Signals.voice(150, 4 * RATE, RATE, 4);
        for (int i = 0; i < voice.length; i++) {
            noise[12 * RATE + i] += voice[i];
        }
        SegmentedChannel result = ChannelFeatureExtractor.segment(noise, RATE, FeatureConfig.DEFAULT.withSegments(96, 96));
        assertThat(result.segments()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.startSample()).isBetween(11L * RATE, 16L * RATE));
        assertThat(result.segments().size()).isGreaterThanOrEqualTo(3);
        SegmentationTally tally = result.tally();
        assertThat(tally.totalSamples()).isEqualTo(noise.length);
        long spans = result.segments().stream().mapToLong(s -> (long) s.frames() * 160).sum();
        assertThat(tally.segmentedSamples()).isEqualTo(spans);
    }

    private static float[] noise(int samples, double rms, long seed) {
        Random random = new Random(seed);
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (float) (rms * random.nextGaussian());
        }
        return out;
    }
}
