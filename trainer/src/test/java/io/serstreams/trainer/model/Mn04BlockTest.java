package io.serstreams.trainer.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mn04 in DJL against EfficientAT's own outputs on the three encoder fixtures, the fixture log-mel
 * fed in: logits within 1e-4 and the pooled embedding within 2e-5 (max-abs, fixtures.json's
 * tolerances for a float32 port); the frames average back to the embedding.
 */
class Mn04BlockTest {
    static final java.util.List<String> CLIPS = EncoderFixtures.CLIPS;
    private static NDManager manager;
    private static Mn04Block block;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        block = Mn04Block.load(EncoderFixtures.mn04(), manager);
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void matchesTheReferenceModel(String clip) throws IOException {
        float[] logMel = EncoderFixtures.f32(clip, "logmel");
        int frames = logMel.length / 128;
        try (NDManager local = manager.newSubManager()) {
            NDList out = block.forward(new ParameterStore(local, false), new NDList(local.create(logMel, new Shape(1, 1, 128, frames))), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(1, 527));
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(1, 384));
            assertThat(out.get(2).getShape()).isEqualTo(new Shape(1, 384, (frames + 31) / 32));
            assertThat(maxAbs(out.get(0).toFloatArray(), EncoderFixtures.f32(clip, "logits"))).isLessThanOrEqualTo(1e-4);
            assertThat(maxAbs(out.get(1).toFloatArray(), EncoderFixtures.f32(clip, "embedding"))).isLessThanOrEqualTo(2e-5);
            assertThat(maxAbs(out.get(2).mean(new int[]{2}).toFloatArray(), out.get(1).toFloatArray())).isLessThanOrEqualTo(1e-6);
        }
    }

    static double maxAbs(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
