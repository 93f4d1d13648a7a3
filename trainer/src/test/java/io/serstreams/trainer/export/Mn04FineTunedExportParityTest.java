package io.serstreams.trainer.export;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.encoder.TorchCheckpointReader;
import io.serstreams.featureextractor.encoder.TorchTensor;
import io.serstreams.modelserver.bundle.BundleException;
import io.serstreams.modelserver.bundle.EncoderTensorFile;
import io.serstreams.modelserver.bundle.Labels;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.encoder.DomainStandardisation;
import io.serstreams.trainer.encoder.EncoderFeatureCache;
import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.trainer.encoder.Mn04Features;
import io.serstreams.trainer.encoder.Mn04MapInput;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.model.EncoderFixtures;
import io.serstreams.trainer.model.Mn04Block;
import io.serstreams.trainer.model.Mn04Tail;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MPGL with mn04's last block fine-tuned, trained a few steps on a few real clips, exported as a
 * bundle that references mn04 plus the tensors fine-tuning changed, and loaded through
 * {@link BundleLoader} with the real checkpoint: each clip's reading as {@code ser evaluate} serves
 * it (the release converted with the changed tensors laid over it, then the heads, in ONNX Runtime)
 * matches the DJL model's within 1e-4, as in {@link Mn04ExportParityTest}. Without its tensor file
 * the bundle does not load, and says which file is missing.
 */
class Mn04FineTunedExportParityTest {
    private static final FeatureConfig FEATURES = FeatureConfig.DEFAULT;

    @TempDir
    Path dir;

    @Test
    void servedBundleMatchesDjlOverMn04() throws Exception {
        Path checkpoint = EncoderFixtures.mn04();
        List<Utterance> clips = fewClips();
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        EncoderFeatureCache cache = new EncoderFeatureCache(dir.resolve("encoder-cache"), checkpoint, FEATURES, Mn04Block.BLOCKS);
        cache.ensure(clips, problems);
        List<TrainingExample> examples = FeatureDataset.build(clips, List.of("emodb"), FEATURES, problems);
        Normalization norm = NormalizationStats.of(examples, FEATURES.melBands());
        FeatureStatistics pooled = DomainStandardisation.pooled(cache, Mn04Features.EMBEDDING, examples);
        BatchAssembler assembler = new BatchAssembler(norm, FEATURES.patchFrames(), FEATURES.melBands(),
                new Mn04MapInput(cache, Map.of("emodb", pooled)));
        Labels labels = new Labels(Emotion.CORE_CLASSES, List.of("low", "mid", "high"), List.of("negative", "neutral", "positive"), List.of("emodb"));
        Engine.getInstance().setRandomSeed(11);
        try (Model model = Model.newInstance("mpgln"); NDManager manager = NDManager.newBaseManager()) {
            Mn04Block mn04 = Mn04Block.load(checkpoint, model.getNDManager());
            Mn04Tail tail = mn04.tail(Mn04Block.BLOCKS);
            MpglnBlock block = new MpglnBlock(MpglnConfig.tiny(Variant.MPGL, 1).withEncoderInput(Mn04Features.EMBEDDING.size()), tail);
            model.setBlock(block);
            // The full rate for the tail, so that its weights move well past the tolerance.
            MpglnTrainer.train(model, examples, assembler, new TrainingSettings(20, 4, 3e-3f, 5, GroupLoss.defaults(), 1f), null,
                    MpglnTrainer.Checkpoints.none());
            Map<String, TorchTensor> changed = mn04.tensorsOf(tail);
            Map<String, TorchTensor> release = TorchCheckpointReader.read(checkpoint);
            assertThat(changed).containsKey("features.15.block.0.0.weight").doesNotContainKey("features.14.block.0.0.weight")
                    .doesNotContainKey("features.15.block.0.1.running_mean");
            assertThat(ServedParity.maxDiff(changed.get("features.16.0.weight").values(), release.get("features.16.0.weight").values())).isGreaterThan(1e-3);
            Path bundle = MpglnExporter.exportReferencing(block, new MpglnExporter.BundleInfo("mpgln-mn04", "parity", "parity test", labels,
                    FEATURES, norm, 0.5, Map.of()), pooled, List.of(), changed, dir.resolve("bundle"));

            // RepositoryContentsTest refuses this name anywhere in the repository, models/ included.
            assertThat(EncoderTensorFile.FILE).isEqualTo("encoder-fine-tuned.bin");
            try (Stream<Path> files = Files.list(bundle)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("manifest.json", "heads.onnx", ModelCard.FILE,
                        EncoderTensorFile.FILE);
            }
            assertThat(new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile()).path("encoder").path("fineTuned").asText())
                    .isEqualTo(EncoderTensorFile.FILE);
            assertThat(Files.readString(bundle.resolve(ModelCard.FILE))).contains("derived from third-party weights", "do not commit");
            JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
            assertThat(manifest.path("encoder").path("name").asText()).isEqualTo("mn04");
            assertThat(manifest.path("encoder").path("sha256").asText()).isEqualTo(EncoderSpec.MN04.sha256());
            assertThat(manifest.path("encoder").path("output").asText()).isEqualTo("embedding");
            assertThat(manifest.path("features").path("frontEnd").asText()).isEqualTo("efficientat-logmel");
            assertThat(manifest.path("graphs").has("extractor")).isFalse();

            BundleLoader loader = ServedParity.loader(checkpoint, dir);
            ServedParity.assertServedMatchesDjl(bundle, loader, block, assembler, clips, manager);
            Files.delete(bundle.resolve(EncoderTensorFile.FILE));
            assertThatThrownBy(() -> loader.load(bundle)).isInstanceOf(BundleException.class)
                    .hasMessageContaining(EncoderTensorFile.FILE).hasMessageContaining("missing");
        }
    }

    /** Six EmoDB clips with a core emotion. */
    private static List<Utterance> fewClips() {
        return EncoderFixtures.clips(List.of("emodb"), 7, 6);
    }
}
