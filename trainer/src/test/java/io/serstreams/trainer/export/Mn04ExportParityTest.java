package io.serstreams.trainer.export;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.modelserver.bundle.Labels;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.encoder.DomainStandardisation;
import io.serstreams.trainer.encoder.EncoderFeatureCache;
import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.trainer.encoder.Mn04Features;
import io.serstreams.trainer.encoder.Mn04Input;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.model.EncoderFixtures;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.train.BatchAssembler;
import io.serstreams.trainer.train.FeatureDataset;
import io.serstreams.trainer.train.GroupLoss;
import io.serstreams.trainer.train.MpglnTrainer;
import io.serstreams.trainer.train.NormalizationStats;
import io.serstreams.trainer.train.TrainingExample;
import io.serstreams.trainer.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MPGL over the frozen mn04, trained a few steps on a few real clips, exported as a bundle that
 * references mn04, and loaded through {@link BundleLoader} with the real checkpoint: each clip's
 * reading as {@code ser evaluate} serves it (our front end, the converted mn04 graph and the heads
 * in ONNX Runtime) matches the DJL model's over the cached DJL mn04 outputs within 1e-4. The clips
 * are EmoDB's (16 kHz: the encoder sees the same samples on both paths) and form one domain, so the
 * pooled statistics the bundle folds in are also the ones the DJL model is fed.
 */
class Mn04ExportParityTest {
    private static final FeatureConfig FEATURES = FeatureConfig.DEFAULT;

    @TempDir
    Path dir;

    @Test
    void servedBundleMatchesDjlOverMn04() throws Exception {
        Path checkpoint = EncoderFixtures.mn04();
        List<Utterance> clips = fewClips();
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        EncoderFeatureCache cache = new EncoderFeatureCache(dir.resolve("encoder-cache"), checkpoint, FEATURES);
        cache.ensure(clips, problems);
        List<TrainingExample> examples = FeatureDataset.build(clips, List.of("emodb"), FEATURES, problems);
        Normalization norm = NormalizationStats.of(examples, FEATURES.melBands());
        FeatureStatistics pooled = DomainStandardisation.pooled(cache, Mn04Features.EMBEDDING, examples);
        BatchAssembler assembler = new BatchAssembler(norm, FEATURES.patchFrames(), FEATURES.melBands(),
                new Mn04Input(cache, Mn04Features.EMBEDDING, Map.of("emodb", pooled)));
        Labels labels = new Labels(Emotion.CORE_CLASSES, List.of("low", "mid", "high"), List.of("negative", "neutral", "positive"), List.of("emodb"));
        Engine.getInstance().setRandomSeed(11);
        try (Model model = Model.newInstance("mpgln"); NDManager manager = NDManager.newBaseManager()) {
            MpglnBlock block = new MpglnBlock(MpglnConfig.tiny(Variant.MPGL, 1).withEncoderInput(Mn04Features.EMBEDDING.size()));
            model.setBlock(block);
            MpglnTrainer.train(model, examples, assembler, new TrainingSettings(20, 4, 3e-3f, 5, GroupLoss.defaults()), null,
                    MpglnTrainer.Checkpoints.none());
            Path bundle = MpglnExporter.exportReferencing(block, new MpglnExporter.BundleInfo("mpgln-mn04", "parity", "parity test", labels,
                    FEATURES, norm, 0.5, Map.of()), pooled, List.of(), dir.resolve("bundle"));

            try (Stream<Path> files = Files.list(bundle)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("manifest.json", "heads.onnx", ModelCard.FILE);
            }
            JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
            assertThat(manifest.path("encoder").path("name").asText()).isEqualTo("mn04");
            assertThat(manifest.path("encoder").path("sha256").asText()).isEqualTo(EncoderSpec.MN04.sha256());
            assertThat(manifest.path("encoder").path("output").asText()).isEqualTo("embedding");
            assertThat(manifest.path("features").path("frontEnd").asText()).isEqualTo("efficientat-logmel");
            assertThat(manifest.path("graphs").has("extractor")).isFalse();
            assertThat(Files.readString(bundle.resolve(ModelCard.FILE))).contains("EfficientAT mn04", "MIT", "pooled statistics");

            BundleLoader loader = ServedParity.loader(checkpoint, dir);
            ServedParity.assertServedMatchesDjl(bundle, loader, block, assembler, clips, manager);
        }
    }

    /** Six EmoDB clips with a core emotion. */
    private static List<Utterance> fewClips() {
        return EncoderFixtures.clips(List.of("emodb"), 7, 6);
    }
}
