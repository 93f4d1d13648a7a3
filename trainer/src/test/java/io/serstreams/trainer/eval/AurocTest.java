package io.serstreams.trainer.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AurocTest {
    @Test
    void countsEachPositiveNegativePairWithTiesAsHalf() {
        // Pairs (p, n): 0.9 beats all three (3); 0.4 beats 0.1 and ties 0.4 twice (1 + 2 * 0.5); 0.2 beats 0.1 (1).
        // 6 of 9 pairs: 6 / 9.
        double[] positives = {0.9, 0.4, 0.2};
        double[] negatives = {0.1, 0.4, 0.4};
        assertThat(Auroc.of(positives, negatives)).isCloseTo(6.0 / 9, within(1e-12));
    }

    @Test
    void isOneWhenSeparatedZeroWhenReversedAndOneHalfWhenAllTie() {
        assertThat(Auroc.of(new double[]{2, 3}, new double[]{0, 1})).isEqualTo(1.0);
        assertThat(Auroc.of(new double[]{0, 1}, new double[]{2, 3})).isEqualTo(0.0);
        assertThat(Auroc.of(new double[]{5, 5, 5}, new double[]{5, 5})).isEqualTo(0.5);
    }

    @Test
    void doesNotDependOnOrder() {
        assertThat(Auroc.of(new double[]{0.2, 0.9, 0.4}, new double[]{0.4, 0.1, 0.4}))
                .isEqualTo(Auroc.of(new double[]{0.9, 0.4, 0.2}, new double[]{0.1, 0.4, 0.4}));
    }

    @Test
    void refusesAnEmptySideOrNaN() {
        assertThatThrownBy(() -> Auroc.of(new double[0], new double[]{1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positives and negatives");
        assertThatThrownBy(() -> Auroc.of(new double[]{Double.NaN}, new double[]{1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a number");
    }
}
