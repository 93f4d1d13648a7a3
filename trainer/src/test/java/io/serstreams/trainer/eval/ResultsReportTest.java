package io.serstreams.trainer.eval;

import io.serstreams.modelserver.quality.ConfusionMatrix;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

import static io.serstreams.trainer.eval.ProtocolResultTest.CLASSES;
import static io.serstreams.trainer.eval.ProtocolResultTest.domain;
import static io.serstreams.trainer.eval.ProtocolResultTest.neverHappy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ResultsReportTest {
    private static final String COMMAND = "./ser train --protocol all --seed 7";

    private static ConfusionMatrix perfect() {
        return ConfusionMatrix.of(CLASSES, new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3});
    }

    /** Deliberately out of report order: MPGL before SPSL, generalization first, emovo before emodb. */
    private static List<ProtocolResult> runs() {
        return List.of(
                new ProtocolResult(ProtocolResult.GENERALIZATION, "MPGL", 7,
                        List.of(domain("emovo", neverHappy()), domain("emodb", perfect()))),
                new ProtocolResult(ProtocolResult.GENERALIZATION, "SPSL", 7, List.of(domain("emodb", neverHappy()))),
                new ProtocolResult(ProtocolResult.ADAPTATION, "MPGL", 7,
                        List.of(domain("emovo", neverHappy()), domain("emodb", perfect()))),
                new ProtocolResult(ProtocolResult.ADAPTATION, "SPSL", 7,
                        List.of(domain("emovo", neverHappy()), domain("emodb", ProtocolResultTest.mixed()))));
    }

    @Test
    void markdownTablePutsVariantsSideBySideWithAMeanRow() {
        String md = ResultsReport.markdown(runs(), COMMAND);
        String adaptation = md.substring(md.indexOf("## Multi-domain adaptation"), md.indexOf("## Domain generalization"));
        assertThat(adaptation).contains(
                "| domain | SPSL (seed 7) macro-F1 | SPSL (seed 7) UA | MPGL (seed 7) macro-F1 | MPGL (seed 7) UA |\n"
                        + "|---|---:|---:|---:|---:|\n"
                        + "| emodb | 0.611 | 0.611 | 1.000 | 1.000 |\n"
                        + "| emovo | 0.333 | 0.500 | 0.333 | 0.500 |\n"
                        + "| mean | 0.472 | 0.556 | 0.667 | 0.750 |\n");
    }

    @Test
    void aDomainARunDidNotEvaluateShowsNotAvailable() {
        String md = ResultsReport.markdown(runs(), COMMAND);
        String generalization = md.substring(md.indexOf("## Domain generalization"));
        assertThat(generalization).contains(
                "| emodb | 0.333 | 0.500 | 1.000 | 1.000 |\n"
                        + "| emovo | n/a | n/a | 0.333 | 0.500 |\n"
                        + "| mean | 0.333 | 0.500 | 0.667 | 0.750 |\n");
    }

    @Test
    void markdownHasEachConfusionMatrixGroupAccuraciesAndTheCommand() {
        String md = ResultsReport.markdown(runs(), COMMAND);
        assertThat(md).contains("#### SPSL, seed 7, emodb\n\nWeighted accuracy 0.625, unweighted accuracy 0.611; arousal accuracy 0.750, valence accuracy n/a.\n\n"
                + "| true \\ predicted | neutral | happy | angry | sad |\n"
                + "|---|---:|---:|---:|---:|\n"
                + "| neutral | 2 | 1 | 0 | 0 |\n"
                + "| happy | 0 | 1 | 1 | 0 |\n"
                + "| angry | 1 | 0 | 2 | 0 |\n"
                + "| sad | 0 | 0 | 0 | 0 |\n");
        assertThat(md).endsWith("## Command\n\n```\n" + COMMAND + "\n```\n");
        // Seven domain results in all, each with its own matrix.
        assertThat(md.split("#### ", -1)).hasSize(8);
    }

    @Test
    void outputDoesNotDependOnTheOrderOfTheInput() {
        List<ProtocolResult> shuffled = new ArrayList<>(runs());
        Collections.reverse(shuffled);
        assertThat(ResultsReport.markdown(shuffled, COMMAND)).isEqualTo(ResultsReport.markdown(runs(), COMMAND));
        assertThat(ResultsReport.json(shuffled, COMMAND)).isEqualTo(ResultsReport.json(runs(), COMMAND));
        String md = ResultsReport.markdown(runs(), COMMAND);
        assertThat(md.indexOf("## Multi-domain adaptation")).isLessThan(md.indexOf("## Domain generalization"));
    }

    @Test
    void aCommandWithBackticksGetsALongerFence() {
        String md = ResultsReport.markdown(runs(), "echo ```x```");
        assertThat(md).endsWith("````\necho ```x```\n````\n");
    }

    @Test
    void jsonParsesBackWithEveryNumber() throws Exception {
        JsonNode root = new ObjectMapper().readTree(ResultsReport.json(runs(), COMMAND));
        assertThat(root.get("command").asText()).isEqualTo(COMMAND);
        JsonNode results = root.get("results");
        assertThat(results).hasSize(4);
        JsonNode spsl = results.get(0);
        assertThat(spsl.get("protocol").asText()).isEqualTo(ProtocolResult.ADAPTATION);
        assertThat(spsl.get("variant").asText()).isEqualTo("SPSL");
        assertThat(spsl.get("seed").asLong()).isEqualTo(7);
        assertThat(spsl.get("meanMacroF1").asDouble()).isCloseTo(17.0 / 36, within(1e-12));
        assertThat(spsl.get("meanUnweightedAccuracy").asDouble()).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(results.get(1).get("variant").asText()).isEqualTo("MPGL");
        assertThat(results.get(2).get("protocol").asText()).isEqualTo(ProtocolResult.GENERALIZATION);

        JsonNode emodb = spsl.get("domains").get(0);
        assertThat(emodb.get("domain").asText()).isEqualTo("emodb");
        assertThat(emodb.get("classes").toString()).isEqualTo("[\"neutral\",\"happy\",\"angry\",\"sad\"]");
        assertThat(emodb.get("counts").get(2).toString()).isEqualTo("[1,0,2,0]");
        assertThat(emodb.get("support").toString()).isEqualTo("[3,2,3,0]");
        assertThat(emodb.get("precision").get(0).asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(emodb.get("precision").get(3).isNull()).isTrue();
        assertThat(emodb.get("f1").get(3).isNull()).isTrue();
        assertThat(emodb.get("macroF1").asDouble()).isCloseTo(11.0 / 18, within(1e-12));
        assertThat(emodb.get("weightedAccuracy").asDouble()).isEqualTo(0.625);
        assertThat(emodb.get("arousalAccuracy").asDouble()).isEqualTo(0.75);
        assertThat(emodb.get("valenceAccuracy").isNull()).isTrue();
        assertThat(spsl.get("domains").get(1).get("domain").asText()).isEqualTo("emovo");
    }

    @Test
    void rejectsTheSameRunTwice() {
        ProtocolResult run = new ProtocolResult(ProtocolResult.ADAPTATION, "MPGL", 7, List.of(domain("emodb", perfect())));
        assertThatThrownBy(() -> ResultsReport.markdown(List.of(run, run), COMMAND))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
        // Same variant with another seed is a different run and gets its own columns.
        ProtocolResult other = new ProtocolResult(ProtocolResult.ADAPTATION, "MPGL", 8,
                List.of(new DomainResult("emodb", perfect(), OptionalDouble.empty(), OptionalDouble.empty())));
        assertThat(ResultsReport.markdown(List.of(other, run), COMMAND))
                .contains("| MPGL (seed 7) macro-F1 | MPGL (seed 7) UA | MPGL (seed 8) macro-F1 | MPGL (seed 8) UA |");
    }
}
