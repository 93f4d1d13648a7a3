package io.serstreams.trainer.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MPGLN over a frozen encoder's vectors: the projection takes them, and dropout acts in training only. */
class MpglnBlockOverEncoderTest {
    @Test
    void dropoutActsInTrainingOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MpglnBlock block = new MpglnBlock(MpglnConfig.tiny(Variant.MPGL, 2).withEncoderInput(384).withDropout(0.5f));
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 384), new Shape(1, 20, 39));
            NDList inputs = new NDList(manager.randomNormal(new Shape(3, 384)), manager.randomNormal(new Shape(3, 20, 39)));
            ParameterStore ps = new ParameterStore(manager, false);
            float[] inference = block.forward(ps, inputs, false).get(0).toFloatArray();
            assertThat(block.forward(ps, inputs, false).get(0).toFloatArray()).containsExactly(inference);
            assertThat(block.forward(ps, inputs, true).get(0).toFloatArray()).isNotEqualTo(inference);
            assertThat(block.forward(ps, inputs, false).get(0).getShape()).isEqualTo(new Shape(3, 4));
        }
    }

    @Test
    void dropoutNeedsAnEncoder() {
        assertThatThrownBy(() -> MpglnConfig.tiny(Variant.MPGL, 2).withDropout(0.3f)).hasMessageContaining("--encoder mn04");
    }
}
