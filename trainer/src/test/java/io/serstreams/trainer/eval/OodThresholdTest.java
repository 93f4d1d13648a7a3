package io.serstreams.trainer.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OodThresholdTest {
    @Test
    void keepsTheAskedShareOfInDomainSegments() {
        double[] scores = new double[100];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i * 37) % 100 / 100.0; // 0.00 .. 0.99, shuffled
        }
        double t = OodThreshold.keeping(scores, 0.95);
        assertThat(t).isEqualTo(0.94);
        assertThat(OodThreshold.flaggedShare(scores, t)).isEqualTo(0.05);
        assertThat(OodThreshold.keeping(scores, 1.0)).isEqualTo(0.99);
        assertThat(OodThreshold.flaggedShare(scores, OodThreshold.keeping(scores, 1.0))).isZero();
    }

    @Test
    void roundsTowardsKeepingMoreAndTiesFlagFewer() {
        // 10 scores, keep 0.95: 9.5 rounds up to 10 kept, nothing flagged.
        double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(OodThreshold.keeping(ten, 0.95)).isEqualTo(10);
        // Keep 0.5 of a sample whose middle ties: the tie stays unflagged, so fewer than half are flagged.
        double[] tied = {1, 2, 2, 2, 5, 6};
        double t = OodThreshold.keeping(tied, 0.5);
        assertThat(t).isEqualTo(2);
        assertThat(OodThreshold.flaggedShare(tied, t)).isCloseTo(2.0 / 6, within(1e-12));
    }

    @Test
    void refusesNoSegmentsOrAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> OodThreshold.keeping(new double[0], 0.95)).hasMessageContaining("no in-domain segments");
        assertThatThrownBy(() -> OodThreshold.keeping(new double[]{1}, 0)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> OodThreshold.keeping(new double[]{1}, 1.5)).hasMessageContaining("(0, 1]");
    }

    @Test
    void theMaxProbabilityThresholdFlagsWhatTheServedComparisonFlags() {
        // The served flag is "largest domain probability < threshold"; the chosen one is "1 - p > t".
        float[] largest = {0.31f, 0.97f, 0.5f, 0.42f, 0.88f, 0.42f, 0.66f};
        List<DomainReading> readings = new java.util.ArrayList<>();
        for (float p : largest) {
            float rest = (1 - p) / 3; // below p for every p here, so p is the largest
            readings.add(new DomainReading(new float[]{p, rest, rest, rest}, new float[]{0}, true));
        }
        double[] scores = OodSeparation.scores(readings, OodScore.MAX_PROBABILITY, null);
        double t = OodThreshold.keeping(scores, 0.7);
        double served = new OodBundleResult("m", "v", List.of("a", "b", "c", "d"), List.of(), 1, largest.length, 0.7,
                java.util.Map.of(OodScore.MAX_PROBABILITY, t), 0.5, List.of()).maxProbabilityThreshold();
        for (int i = 0; i < largest.length; i++) {
            assertThat(largest[i] < served).as("segment %d", i).isEqualTo(scores[i] > t);
        }
        assertThat(served).isEqualTo((double) 0.42f);
    }
}
