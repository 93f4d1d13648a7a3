package io.serstreams.modelserver.profile;

import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.testing.Speech;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ProfileMomentsTest {
    private static final int BANDS = FeatureConfig.DEFAULT.melBands();

    @Test
    void undecayedStatisticsAreTheMeanAndDeviationOfTheRealFramesOfEverySegment() {
        List<Segment> segments = Speech.segments(6, 3);
        ProfileMoments moments = ProfileMoments.empty(0);
        for (Segment s : segments) {
            moments = moments.plus(SegmentInput.of(s), null, BANDS, 1.0, ProfileDecay.NONE);
        }
        // Straight from the values: log-mel over real frames only, descriptors per column.
        List<Float> mel = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (Segment s : segments) {
            for (int i = 0; i < s.frames() * BANDS; i++) {
                mel.add(s.logMel()[i]);
            }
            for (int f = 0; f < s.frames(); f++) {
                float[] row = new float[FrameDescriptor.COUNT];
                System.arraycopy(s.descriptors(), f * FrameDescriptor.COUNT, row, 0, row.length);
                rows.add(row);
            }
        }
        double mean = mel.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        double sd = Math.sqrt(mel.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElseThrow());
        Normalization inputs = moments.inputs();
        assertThat(inputs.logMelMean()).isCloseTo((float) mean, within(1e-4f));
        assertThat(inputs.logMelStd()).isCloseTo((float) sd, within(1e-4f));
        FeatureStatistics columns = FeatureStatistics.of(rows);
        for (int c = 0; c < FrameDescriptor.COUNT; c++) {
            assertThat(inputs.descriptorMean()[c]).isCloseTo(columns.mean()[c], within(1e-3f));
            assertThat(inputs.descriptorStd()[c]).isCloseTo(Math.max(columns.std()[c], 1e-3f), within(1e-3f));
        }
        assertThat(moments.segments()).isEqualTo(6);
        assertThat(moments.speechSeconds()).isEqualTo(6.0);
    }

    @Test
    void sumsAddedInAnyOrderGiveTheSameProfileWithoutDecayAndFavourTheLatestWithIt() {
        Random random = new Random(5);
        float[] low = vector(random, 8, 0);
        float[] high = vector(random, 8, 10);
        Segment segment = Speech.segments(1, 9).get(0);
        ProfileMoments a = ProfileMoments.ofSegment(SegmentInput.of(segment), low, BANDS, 2.0, 8);
        ProfileMoments b = ProfileMoments.ofSegment(SegmentInput.of(segment), high, BANDS, 2.0, 8);
        ProfileMoments empty = ProfileMoments.empty(8);
        FeatureStatistics ab = empty.plus(a, ProfileDecay.NONE).plus(b, ProfileDecay.NONE).profile("d", manifestFree()).encoderOutput();
        FeatureStatistics ba = empty.plus(b, ProfileDecay.NONE).plus(a, ProfileDecay.NONE).profile("d", manifestFree()).encoderOutput();
        assertThat(ab.mean()).containsExactly(ba.mean(), within(1e-5f));
        assertThat(ab.mean()[0]).isCloseTo((low[0] + high[0]) / 2, within(1e-4f));

        // A 2 s half-life: the earlier segment counts half once the later one's 2 s are added.
        ProfileDecay decay = ProfileDecay.halfLife(Duration.ofSeconds(2));
        FeatureStatistics decayed = empty.plus(a, decay).plus(b, decay).profile("d", manifestFree()).encoderOutput();
        assertThat(decayed.mean()[0]).isCloseTo((0.5f * low[0] + high[0]) / 1.5f, within(1e-4f));
        assertThat(decay.retainAfter(2.0)).isCloseTo(0.5, within(1e-12));
        assertThat(ProfileDecay.NONE.retainAfter(1e9)).isEqualTo(1.0);
    }

    @Test
    void encoderSumsMustMatchTheModel() {
        Segment segment = Speech.segments(1, 2).get(0);
        assertThatThrownBy(() -> ProfileMoments.empty(384).plus(SegmentInput.of(segment), null, BANDS, 1, ProfileDecay.NONE))
                .hasMessageContaining("384 encoder values, got none");
        ProfileMoments eight = ProfileMoments.ofSegment(SegmentInput.of(segment), new float[8], BANDS, 1, 8);
        assertThatThrownBy(() -> ProfileMoments.empty(0).plus(eight, ProfileDecay.NONE)).hasMessageContaining("8 encoder values to sums of 0");
        assertThatThrownBy(() -> ProfileMoments.empty(0).inputs()).hasMessageContaining("no speech segments");
        assertThatThrownBy(() -> ProfileDecay.halfLife(Duration.ofSeconds(-1))).hasMessageContaining("half-life must be positive");
    }

    private static float[] vector(Random random, int width, double offset) {
        float[] v = new float[width];
        for (int i = 0; i < width; i++) {
            v[i] = (float) (offset + random.nextGaussian());
        }
        return v;
    }

    /** A manifest-shaped description the profile needs: any feature version and an encoder named "test". */
    private static io.serstreams.modelserver.bundle.ModelManifest manifestFree() {
        return ProfileFixtures.encoderManifest(8);
    }
}
