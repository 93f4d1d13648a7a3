package io.serstreams.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.modelserver.bundle.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ser ood} on a copy of the shipped default bundle (its own extractor, nothing fetched) and a
 * few real clips of each corpus: every non-speech kind is scored, the chosen max-probability threshold
 * keeps the asked share of validation segments, and {@code --write} stores it as the manifest's
 * {@code outOfDomainThreshold}, which the bundle then loads with.
 */
class OodCommandTest {
    @TempDir
    Path dir;

    @Test
    void scoresNonSpeechChoosesAThresholdOnValidationAndWritesIt() throws Exception {
        Path shared = FewClips.sharedCorpora();
        Path corpora = FewClips.ofEachCorpus(shared, dir.resolve("corpora"));
        Path bundle = FewClips.copyOfDefaultBundle(dir.resolve("bundle"));
        double before = ModelBundle.load(bundle).manifest().outOfDomainThreshold();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = TrainerCli.run(cli, "ood", "--corpora", corpora.toString(), "--splits", shared.resolve("splits.csv").toString(), "--model",
                bundle.toString(), "--non-speech", "--non-speech-seconds", "4", "--non-speech-seeds", "1", "--pool-per-domain", "2", "--keep", "0.8",
                "--results", dir.resolve("results").toString(), "--write");
        assertThat(exit).as(err.toString()).isZero();

        JsonNode b = new ObjectMapper().readTree(dir.resolve("results/ood.json").toFile()).path("bundles").get(0);
        assertThat(b.path("heldOut")).isEmpty();
        assertThat(b.path("validationSegments").asInt()).isPositive();
        assertThat(b.path("servedThreshold").asDouble()).as("the manifest's threshold when measured").isEqualTo(before);
        JsonNode separations = b.path("separations");
        assertThat(separations).hasSize(8);
        assertThat(separations.get(0).path("positives").asText()).isEqualTo("silence");
        for (JsonNode s : separations) {
            // 4 s of sound: two whole 1.92 s windows, voiced or not.
            assertThat(s.path("positiveSegments").asInt()).as(s.path("positives").asText()).isEqualTo(2);
            for (String score : List.of("max-probability", "entropy", "embedding-distance", "neighbour-distance")) {
                assertThat(s.path("scores").path(score).path("auroc").asDouble()).isBetween(0.0, 1.0);
                assertThat(s.path("scores").path(score).path("utteranceAuroc").isNull()).isTrue();
            }
        }
        // Steady noise is far from every training segment's embedding, whatever the domain head says of it.
        JsonNode white = separations.get(2);
        assertThat(white.path("positives").asText()).isEqualTo("white-noise");
        assertThat(white.path("scores").path("embedding-distance").path("auroc").asDouble()).isGreaterThan(0.9);
        assertThat(white.path("scores").path("neighbour-distance").path("auroc").asDouble()).isGreaterThan(0.9);
        assertThat(white.path("positivesSpeechShare").asDouble()).isZero();
        double threshold = b.path("maxProbabilityThreshold").asDouble();
        assertThat(threshold).isEqualTo(1 - b.path("thresholds").path("max-probability").asDouble());
        assertThat(ModelBundle.load(bundle).manifest().outOfDomainThreshold()).isEqualTo(threshold);
        assertThat(Files.readString(bundle.resolve("MODEL_CARD.md"))).contains("## Out-of-domain flag", "of the train speakers) with this bundle, keeping 80%").contains(String.format(java.util.Locale.ROOT,
                "%.4f", threshold));
        assertThat(out.toString()).contains("# Out-of-domain detector", "| wideband | dtmf |");
    }

    @Test
    void writingNeedsExactlyOneModel() {
        StringWriter err = new StringWriter();
        CommandLine cli = TrainerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = TrainerCli.run(cli, "ood", "--model", "a,b", "--write");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("ser ood: --write and --write-to store one bundle's threshold: give one --model, not 2");
    }
}
