package io.serstreams.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The split that fine-tuning relies on: mn04's map at the input of block k, run through blocks
 * k .. 15, the last conv and the pooling ({@link Mn04Tail}), gives the whole {@link Mn04Block}'s
 * embedding on a fixture clip within 1e-5; block numbers outside 1 .. 15 are refused by name.
 */
class Mn04TailTest {
    private static NDManager manager;
    private static Mn04Block mn04;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        mn04 = Mn04Block.load(EncoderFixtures.mn04(), manager);
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 14, 13, 1})
    void mapThenTailIsTheWholeForward(int first) throws Exception {
        float[] logMel = EncoderFixtures.f32("korean_nea00001", "logmel");
        try (NDManager local = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(local, false);
            NDArray input = local.create(logMel, new Shape(1, 1, 128, logMel.length / 128));
            float[] whole = mn04.forward(ps, new NDList(input), false).get(1).toFloatArray();
            NDArray map = mn04.mapBefore(ps, input, first);
            assertThat(map.getShape().get(1)).isEqualTo(io.serstreams.featureextractor.encoder.Mn04Architecture.blocks().get(first - 1).in());
            float[] split = mn04.tail(first).forward(ps, new NDList(map), false).singletonOrThrow().toFloatArray();
            assertThat(Mn04BlockTest.maxAbs(split, whole)).isLessThanOrEqualTo(1e-5);
            // The reference embedding too, so a tail that skipped a block could not pass with a map that skipped it as well.
            assertThat(Mn04BlockTest.maxAbs(split, EncoderFixtures.f32("korean_nea00001", "embedding"))).isLessThanOrEqualTo(2e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, -1})
    void blockNumbersOutsideTheNetworkAreRefused(int first) {
        assertThatThrownBy(() -> mn04.tail(first)).isInstanceOf(IllegalArgumentException.class).hasMessage("mn04 has blocks 1 to 15, not " + first);
    }
}
