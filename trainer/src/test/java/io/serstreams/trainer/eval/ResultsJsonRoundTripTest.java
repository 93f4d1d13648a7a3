package io.serstreams.trainer.eval;

import io.serstreams.modelserver.quality.ConfusionMatrix;
import io.serstreams.trainer.labels.Emotion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A JSON report read back gives the same runs, so reports of runs made side by side can be merged. */
class ResultsJsonRoundTripTest {
    @Test
    void aReportReadBackRendersTheSame() {
        DomainResult emodb = new DomainResult("emodb", ConfusionMatrix.of(Emotion.CORE_CLASSES, new int[]{0, 1, 2, 3, 3}, new int[]{0, 2, 2, 3, 1}),
                OptionalDouble.of(0.5), OptionalDouble.empty());
        DomainResult korean = new DomainResult("korean", ConfusionMatrix.of(Emotion.CORE_CLASSES, new int[]{0, 1, 2}, new int[]{1, 1, 2}),
                OptionalDouble.empty(), OptionalDouble.of(0.25));
        List<ProtocolResult> runs = List.of(new ProtocolResult(ProtocolResult.ADAPTATION, "MPGL", 2, List.of(emodb, korean)),
                new ProtocolResult("domain generalization, own-domain statistics", "SPSL", 3, List.of(korean)));
        String json = ResultsReport.json(runs, "./ser protocols");
        List<ProtocolResult> read = ResultsReport.fromJson(json, "r.json");
        assertThat(ResultsReport.json(read, "./ser protocols")).isEqualTo(json);
        assertThat(read.get(0).meanMacroF1()).isEqualTo(runs.get(0).meanMacroF1());
    }

    @Test
    void somethingElseIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> ResultsReport.fromJson("{not json", "x.json")).hasMessageStartingWith("x.json: not a results file written by ser protocols");
    }
}
