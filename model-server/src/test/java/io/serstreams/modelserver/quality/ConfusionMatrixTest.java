package io.serstreams.modelserver.quality;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Metrics against values worked out by hand. */
class ConfusionMatrixTest {
    private static final List<String> CLASSES = List.of("neutral", "happy", "angry", "sad");

    /** neutral: 2 right, 1 as happy; happy: 1 right, 1 as angry; angry: 2 right, 1 as neutral; sad: absent. */
    static ConfusionMatrix mixed() {
        return ConfusionMatrix.of(CLASSES, new int[] {0, 0, 0, 1, 1, 2, 2, 2}, new int[] {0, 0, 1, 1, 2, 2, 2, 0});
    }

    @Test
    void countsPairsOfTrueAndPredictedClasses() {
        ConfusionMatrix m = mixed();
        assertThat(m.count(0, 0)).isEqualTo(2);
        assertThat(m.count(0, 1)).isEqualTo(1);
        assertThat(m.count(1, 2)).isEqualTo(1);
        assertThat(m.count(2, 0)).isEqualTo(1);
        assertThat(m.count(2, 1)).isZero();
        assertThat(m.total()).isEqualTo(8);
        assertThat(new int[] {m.support(0), m.support(1), m.support(2), m.support(3)}).containsExactly(3, 2, 3, 0);
        assertThat(m.predictedCount(0)).isEqualTo(3);
        assertThat(m.classNames()).isEqualTo(CLASSES);
    }

    @Test
    void perClassPrecisionRecallAndF1() {
        ConfusionMatrix m = mixed();
        assertThat(m.precision(0)).hasValueCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.recall(1)).hasValueCloseTo(0.5, within(1e-12));
        assertThat(m.f1(2)).hasValueCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.precision(3)).isEmpty();
        assertThat(m.recall(3)).isEmpty();
        assertThat(m.f1(3)).as("a class absent on both sides has no F1").isEmpty();
    }

    @Test
    void macroF1UaAndWaLeaveOutAClassAbsentOnBothSides() {
        ConfusionMatrix m = mixed();
        // (2/3 + 1/2 + 2/3) / 3; with "sad" counted as 0 it would be 11/24.
        assertThat(m.macroF1()).isCloseTo(11.0 / 18, within(1e-12));
        assertThat(m.unweightedAccuracy()).isCloseTo(11.0 / 18, within(1e-12));
        assertThat(m.weightedAccuracy()).isCloseTo(5.0 / 8, within(1e-12));
    }

    @Test
    void aPresentClassNeverPredictedHasF1ZeroAndCountsInTheMean() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of("a", "b", "c"), new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 0});
        assertThat(m.precision(0)).hasValueCloseTo(0.5, within(1e-12));
        assertThat(m.f1(0)).hasValueCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.precision(1)).isEmpty();
        assertThat(m.recall(1)).hasValue(0.0);
        assertThat(m.f1(1)).hasValue(0.0);
        assertThat(m.macroF1()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.unweightedAccuracy()).isCloseTo(0.5, within(1e-12));
        assertThat(m.weightedAccuracy()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aClassPredictedButNeverPresentHasF1ZeroButNoRecall() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of("a", "b"), new int[] {0, 0, 0, 0}, new int[] {0, 0, 0, 1});
        assertThat(m.precision(1)).hasValue(0.0);
        assertThat(m.recall(1)).isEmpty();
        assertThat(m.f1(0)).hasValueCloseTo(6.0 / 7, within(1e-12));
        assertThat(m.f1(1)).hasValue(0.0);
        assertThat(m.macroF1()).isCloseTo(3.0 / 7, within(1e-12));
        assertThat(m.unweightedAccuracy()).as("recall of class a only").isCloseTo(0.75, within(1e-12));
        assertThat(m.weightedAccuracy()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void perfectPredictionsScoreOne() {
        ConfusionMatrix m = ConfusionMatrix.of(CLASSES, new int[] {0, 1, 2, 3, 3}, new int[] {0, 1, 2, 3, 3});
        assertThat(m.macroF1()).isEqualTo(1.0);
        assertThat(m.unweightedAccuracy()).isEqualTo(1.0);
        assertThat(m.weightedAccuracy()).isEqualTo(1.0);
    }

    @Test
    void equalCountsMakeEqualMatrices() {
        assertThat(mixed()).isEqualTo(mixed()).hasSameHashCodeAs(mixed());
        assertThat(mixed()).isNotEqualTo(ConfusionMatrix.of(CLASSES, new int[] {0}, new int[] {0}));
    }

    @Test
    void rejectsInvalidInputNamingTheProblem() {
        assertThatThrownBy(() -> ConfusionMatrix.of(CLASSES, new int[] {0, 1}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> ConfusionMatrix.of(CLASSES, new int[] {0, 4}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true class index 4 of sample 1");
        assertThatThrownBy(() -> ConfusionMatrix.of(CLASSES, new int[] {0, 1}, new int[] {-1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicted class index -1 of sample 0");
        assertThatThrownBy(() -> ConfusionMatrix.of(CLASSES, new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no samples");
        assertThatThrownBy(() -> ConfusionMatrix.of(List.of("a", "a"), new int[] {0}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> ConfusionMatrix.of(List.of(), new int[] {0}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class name");
    }
}
