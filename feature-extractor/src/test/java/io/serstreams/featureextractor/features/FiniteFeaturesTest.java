package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.audio.SampleRange;
import io.serstreams.featureextractor.testing.Signals;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No NaN or infinity reaches a segment's tensors: the extractor refuses such input and stays finite on anything it accepts. */
class FiniteFeaturesTest {
    private static final int RATE = 16000;
    private static final FeatureConfig CONFIG = FeatureConfig.DEFAULT.withSegments(96, 96);

    @Test
    void theExtractorRefusesSamplesItCannotUseBeforeTakingAny() {
        ChannelFeatureExtractor extractor = new ChannelFeatureExtractor(CONFIG, RATE);
        List<Segment> segments = new ArrayList<>();
        float[] voice = Signals.voice(150, RATE, RATE, 1);
        extractor.accept(voice, 0, RATE / 2, segments::add);
        float[] bad = Arrays.copyOfRange(voice, RATE / 2, RATE);
        bad[1000] = Float.NaN;
        long before = extractor.position();
        assertThatThrownBy(() -> extractor.accept(bad, 0, bad.length, segments::add))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("the sample at 0:00.56 of the channel is NaN: the audio holds non-finite samples");
        assertThat(extractor.position()).isEqualTo(before);
        bad[1000] = -2e6f;
        assertThatThrownBy(() -> extractor.accept(bad, 0, bad.length, segments::add)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("is -2000000.0: the audio holds samples beyond +-1000000");
    }

    @Test
    void everyAcceptedExtremeGivesFiniteFeatures() {
        float limit = SampleRange.LIMIT;
        Random random = new Random(3);
        float[] noise = new float[RATE * 3];
        float[] square = new float[RATE * 3];
        float[] dc = new float[RATE * 3];
        float[] impulses = new float[RATE * 3];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (random.nextBoolean() ? limit : -limit) * random.nextFloat();
            square[i] = (i / 20) % 2 == 0 ? limit : -limit;
            dc[i] = limit;
            impulses[i] = i % 4000 == 0 ? limit : 0;
        }
        FeatureConfig lenient = new FeatureConfig(16000, 400, 160, 512, 64, 125, 7500, 0.01, 96, 96, 96, 0, 48);
        for (float[] audio : List.of(noise, square, dc, impulses, Signals.concat(new float[RATE], square))) {
            List<Segment> segments = ChannelFeatureExtractor.segmentsOf(audio, RATE, lenient);
            assertThat(segments).isNotEmpty().allSatisfy(s -> {
                assertFinite(s.logMel());
                assertFinite(s.descriptors());
            });
        }
    }

    private static void assertFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new AssertionError("value " + i + " is " + values[i]);
            }
        }
    }
}
