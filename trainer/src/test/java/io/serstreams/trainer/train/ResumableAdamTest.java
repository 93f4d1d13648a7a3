package io.serstreams.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Weight decay: an L2 pull towards zero that acts even where the loss has no gradient. */
class ResumableAdamTest {
    @Test
    void withoutGradientOnlyWeightDecayMovesAWeightAndItMovesItTowardsZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] start = {1f, -2f, 3f};
            float[] plain = stepOnce(manager, new ResumableAdam(0.01f), start);
            float[] decayed = stepOnce(manager, new ResumableAdam(0.01f, 0.1f), start);

            assertThat(plain).containsExactly(start);
            for (int i = 0; i < start.length; i++) {
                assertThat(Math.abs(decayed[i])).as("weight %d", i).isLessThan(Math.abs(start[i]));
                assertThat(Math.signum(decayed[i])).isEqualTo(Math.signum(start[i]));
                // Adam's first step moves each weight by about the learning rate, whatever the gradient's size.
                assertThat((double) Math.abs(start[i] - decayed[i])).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void aNegativeOrInfiniteWeightDecayIsRefused() {
        assertThatThrownBy(() -> new TrainingSettings(10, 4, 1e-3f, 1, GroupLoss.defaults(), 1f, -0.1f, 0, false)).hasMessageContaining("weight decay");
        assertThatThrownBy(() -> new TrainingSettings(10, 4, 1e-3f, 1, GroupLoss.defaults(), 1f, Float.POSITIVE_INFINITY, 0, false))
                .hasMessageContaining("weight decay");
    }

    private static float[] stepOnce(NDManager manager, ResumableAdam adam, float[] values) {
        NDArray weight = manager.create(values.clone());
        adam.update("w", weight, weight.zerosLike());
        return weight.toFloatArray();
    }
}
