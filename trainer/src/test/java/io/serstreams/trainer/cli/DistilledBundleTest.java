package io.serstreams.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.modelserver.onnx.EncoderGraphCache;
import io.serstreams.trainer.data.Corpora;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.model.EncoderFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ser train --pretrain-target mn04} (and {@code mn04-patches}) on a few real clips of the five corpora: the bundle keeps
 * the VGGish-contract extractor graph, its manifest references no encoder (it needs nothing
 * fetched: it loads against an empty encoder cache), its provenance names the teacher, and it
 * serves. Skipped, saying why, without ../shared/encoders or the corpora.
 */
class DistilledBundleTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"mn04, MN04, 0.001, pooled embedding of the same segment", "mn04-patches, MN04_PATCHES, 0.003, time steps under the same patch"})
    void aDistilledRunExportsABundleThatNeedsNothingFetched(String target, String recorded, float pretrainLr, String regressedOn) throws Exception {
        EncoderFixtures.mn04();
        Path shared = Path.of(System.getProperty("shared.dir", "../../shared")).resolve("corpora");
        EncoderFixtures.clips(List.of("emodb"), 1, 1); // skips where the corpora are absent
        Path corpora = fewClipsOfEachCorpus(shared, dir.resolve("corpora"));

        String home = System.getProperty("ser.home");
        System.setProperty("ser.home", dir.toString()); // the run's mn04 cache goes under the temporary folder
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try {
            CommandLine cli = TrainerCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            exit = TrainerCli.run(cli, new String[]{"train", "--corpora", corpora.toString(), "--splits", shared.resolve("splits.csv").toString(),
                    "--pretrain-target", target, "--pretrain-lr", Float.toString(pretrainLr), "--pretrain-steps", "3", "--steps", "3", "--batch", "4",
                    "--out", dir.resolve("bundle").toString(), "--results", dir.resolve("results").toString(),
                    "--checkpoints", dir.resolve("checkpoints").toString()});
        } finally {
            if (home == null) {
                System.clearProperty("ser.home");
            } else {
                System.setProperty("ser.home", home);
            }
        }
        assertThat(exit).as(err.toString()).isZero();
        assertThat(dir.resolve("target/encoder-cache")).as("the run's mn04 cache").isDirectory();

        Path bundle = dir.resolve("bundle");
        try (Stream<Path> files = Files.list(bundle)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("manifest.json", "extractor.onnx", "heads.onnx");
        }
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertThat(manifest.has("encoder")).as("manifest encoder section").isFalse();
        assertThat(manifest.path("graphs").has("extractor")).isTrue();
        assertThat(manifest.path("training").path("pretraining").asText()).startsWith("distillation of EfficientAT mn04").contains(regressedOn);
        assertThat(manifest.path("training").path("pretrainingLearningRate").floatValue()).isEqualTo(pretrainLr);
        assertThat(manifest.path("training").path("teacher").asText()).contains("MIT", "needs nothing fetched");
        assertThat(Files.readString(bundle.resolve("MODEL_CARD.md"))).contains("Teacher: EfficientAT mn04 (AudioSet, MIT licence", "needs nothing fetched",
                "Train speakers", "| multi-domain adaptation | **mean** |");
        JsonNode run = new ObjectMapper().readTree(dir.resolve("checkpoints/run.json").toFile());
        assertThat(run.path("pretrainTarget").asText()).isEqualTo(recorded);
        assertThat(run.path("pretrainLearningRate").floatValue()).isEqualTo(pretrainLr);

        Path noEncoders = Files.createDirectories(dir.resolve("no-encoders"));
        ModelBundle loaded = new BundleLoader(new EncoderGraphCache(new EncoderCache(noEncoders, "test"), dir.resolve("graphs")), null, null,
                line -> {
                }).load(bundle);
        try (InferenceEngine engine = InferenceEngine.open(loaded, EngineOptions.cpu())) {
            Path clip;
            try (Stream<Path> clips = Files.walk(corpora.resolve("emodb"))) {
                clip = clips.filter(Files::isRegularFile).findFirst().orElseThrow();
            }
            SegmentPrediction reading = new FileClassifier(engine, 64).classify(AudioFiles.read(clip)).channels().get(0).overall();
            double total = 0;
            for (float p : reading.emotionProbabilities()) {
                total += p;
            }
            assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
        try (Stream<Path> files = Files.list(noEncoders)) {
            assertThat(files).as("nothing fetched into the encoder cache").isEmpty();
        }
    }

    /**
     * Links to a few clips of each corpus in a folder of the corpora's layout: three of train speakers
     * and, in the four discrete corpora, one of a test speaker.
     */
    private static Path fewClipsOfEachCorpus(Path shared, Path corpora) throws Exception {
        SpeakerSplits splits = SpeakerSplits.load(shared.resolve("splits.csv"));
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        for (String domain : Corpora.domains()) {
            List<Utterance> all = Corpora.reader(domain).read(shared.resolve(domain), problems).stream()
                    .filter(u -> domain.equals("baved") || u.labels().coreClass().isPresent()).toList();
            List<Utterance> chosen = new ArrayList<>(all.stream().filter(u -> !splits.isTest(u)).limit(3).toList());
            if (!domain.equals("baved")) {
                chosen.add(all.stream().filter(splits::isTest).findFirst().orElseThrow());
            }
            for (Utterance u : chosen) {
                Path link = corpora.resolve(domain).resolve(shared.resolve(domain).relativize(u.file()));
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, u.file().toAbsolutePath());
            }
        }
        return corpora;
    }
}
