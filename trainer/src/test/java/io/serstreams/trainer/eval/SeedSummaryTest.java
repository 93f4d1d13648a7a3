package io.serstreams.trainer.eval;

import io.serstreams.modelserver.quality.ConfusionMatrix;
import io.serstreams.trainer.labels.Emotion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class SeedSummaryTest {
    private static ProtocolResult run(String variant, long seed, boolean right) {
        int[] truth = {0, 1, 2, 3};
        int[] predicted = right ? truth : new int[]{1, 2, 3, 0};
        DomainResult d = new DomainResult("emodb", ConfusionMatrix.of(Emotion.CORE_CLASSES, truth, predicted), OptionalDouble.empty(), OptionalDouble.empty());
        return new ProtocolResult(ProtocolResult.ADAPTATION, variant, seed, List.of(d));
    }

    @Test
    void meanAndSpreadOverSeedsAndTheGainOverSpsl() {
        String md = SeedSummary.markdown(List.of(run("MPGL", 1, true), run("SPSL", 2, true), run("SPSL", 1, true), run("MPGL", 2, false)));
        assertThat(md).contains("| domain | SPSL (seeds 1, 2) | MPGL (seeds 1, 2) |")
                .contains("| emodb | 1.000 ± 0.000 | 0.500 ± 0.707 |")
                .contains("| **mean** | **1.000 ± 0.000** | **0.500 ± 0.707** |")
                .contains("| gain over SPSL (F1 points) | +0.0 | -50.0 |");
    }
}
