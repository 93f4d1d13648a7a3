package io.serstreams.trainer.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OodScoreTest {
    private static DomainReading reading(float[] p, float[] embedding) {
        return new DomainReading(p, embedding, true);
    }

    @Test
    void maxProbabilityAndEntropyRankASureDomainBelowAnUndecidedOne() {
        DomainReading sure = reading(new float[]{0.97f, 0.01f, 0.01f, 0.01f}, new float[]{0});
        DomainReading undecided = reading(new float[]{0.25f, 0.25f, 0.25f, 0.25f}, new float[]{0});
        assertThat(OodScore.MAX_PROBABILITY.of(sure, null)).isCloseTo(0.03, within(1e-6));
        assertThat(OodScore.MAX_PROBABILITY.of(undecided, null)).isCloseTo(0.75, within(1e-6));
        assertThat(OodScore.ENTROPY.of(undecided, null)).isCloseTo(1.0, within(1e-6));
        // -(0.97 ln 0.97 + 3 * 0.01 ln 0.01) / ln 4
        double h = -(0.97 * Math.log(0.97) + 3 * 0.01 * Math.log(0.01)) / Math.log(4);
        assertThat(OodScore.ENTROPY.of(sure, null)).isCloseTo(h, within(1e-6));
    }

    @Test
    void embeddingDistanceIsTheMeanSquaredZScoreAgainstThePool() {
        EmbeddingPool pool = EmbeddingPool.of(List.of(new float[]{1, 10}, new float[]{3, 10}));
        assertThat(pool.mean()).containsExactly(2, 10);
        assertThat(pool.std()[0]).isEqualTo(1.0);
        // z = (5 - 2) / 1 = 3 and (10 - 10) / floor = 0: (9 + 0) / 2.
        assertThat(OodScore.EMBEDDING_DISTANCE.of(reading(new float[]{1}, new float[]{5, 10}), pool)).isCloseTo(4.5, within(1e-9));
    }

    @Test
    void neighbourDistanceAveragesTheCosineDistanceToTheNearestPooledEmbeddings() {
        // Twelve pooled vectors: ten along x, two along y. The ten nearest of a vector along x are the ten along x.
        List<float[]> vectors = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            vectors.add(new float[]{1 + i, 0});
        }
        vectors.add(new float[]{0, 1});
        vectors.add(new float[]{0, 2});
        EmbeddingPool pool = EmbeddingPool.of(vectors);
        assertThat(OodScore.NEIGHBOUR_DISTANCE.of(reading(new float[]{1}, new float[]{5, 0}), pool)).isCloseTo(0, within(1e-6));
        // Along y: its nearest are the two along y (distance 0) and eight along x (distance 1): 8 / 10.
        assertThat(OodScore.NEIGHBOUR_DISTANCE.of(reading(new float[]{1}, new float[]{0, 3}), pool)).isCloseTo(0.8, within(1e-6));
        // Opposite to x: the two along y are nearest (distance 1), then eight of the ten along x (distance 2): (2 * 1 + 8 * 2) / 10.
        assertThat(OodScore.NEIGHBOUR_DISTANCE.of(reading(new float[]{1}, new float[]{-1, 0}), pool)).isCloseTo(1.8, within(1e-6));
    }

    @Test
    void labelsParseBack() {
        for (OodScore s : OodScore.values()) {
            assertThat(OodScore.parse(s.label())).isEqualTo(s);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OodScore.parse("nope")).hasMessageContaining("no out-of-domain score nope; one of max-probability, entropy, embedding-distance, neighbour-distance");
    }
}
