package io.serstreams.modelserver.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.testing.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading validates a bundle and names what is wrong with it. */
class ModelBundleTest {
    @TempDir
    Path dir;

    private Path bundle() {
        return TestBundles.small(dir.resolve("bundle"));
    }

    /** A copy of the test bundle with its manifest edited. */
    private Path withManifest(Consumer<ObjectNode> edit) throws IOException {
        Path path = bundle();
        ObjectNode manifest = (ObjectNode) ModelBundle.json().readTree(path.resolve(ModelManifest.FILE).toFile());
        edit.accept(manifest);
        Files.write(path.resolve(ModelManifest.FILE), ModelBundle.json().writeValueAsBytes(manifest));
        return path;
    }

    /** The object at a path of field names. */
    private static ObjectNode at(ObjectNode node, String... path) {
        ObjectNode current = node;
        for (String field : path) {
            current = (ObjectNode) current.get(field);
        }
        return current;
    }

    private static void assertRefused(Path bundle, String... fragments) {
        assertThatThrownBy(() -> {
            InferenceEngine.open(ModelBundle.load(bundle), EngineOptions.cpu()).close();
        }).isInstanceOf(BundleException.class).message().contains(bundle.toString()).contains(fragments);
    }

    @Test
    void aGoodBundleLoadsFromAFolderAndFromAZip() {
        Path folder = bundle();
        ModelBundle loaded = ModelBundle.load(folder);
        assertThat(loaded.manifest().labels()).isEqualTo(Labels.standard());
        assertThat(loaded.features().version()).isEqualTo(io.serstreams.featureextractor.features.FeatureConfig.DEFAULT.version());
        ModelBundle zipped = ModelBundle.load(BundleWriter.zip(folder, dir.resolve("bundle.zip")));
        assertThat(zipped.manifest()).isEqualTo(loaded.manifest());
        assertThat(zipped.graph(GraphContract.HEADS)).isEqualTo(loaded.graph(GraphContract.HEADS));
    }

    @Test
    void missingPiecesAreNamed() throws IOException {
        assertRefused(dir.resolve("nowhere"), "no model bundle here");
        Path noGraph = bundle();
        Files.delete(noGraph.resolve("heads.onnx"));
        assertRefused(noGraph, "no file heads.onnx");
        Path noManifest = dir.resolve("empty");
        Files.createDirectories(noManifest);
        assertRefused(noManifest, "no file manifest.json");
        Path garbage = bundle();
        Files.writeString(garbage.resolve("extractor.onnx"), "not a model");
        assertRefused(garbage, "extractor.onnx is not an ONNX model");
    }

    @Test
    void manifestMistakesAreNamed() throws IOException {
        assertRefused(withManifest(m -> m.put("format", "other/9")), "format is 'other/9'");
        assertRefused(withManifest(m -> m.put("colour", "blue")), "not a valid manifest", "colour");
        assertRefused(withManifest(m -> ((ArrayNode) at(m, "labels").get("arousal")).remove(2)), "arousal needs 3 groups");
        assertRefused(withManifest(m -> ((ArrayNode) at(m, "normalization").get("descriptorStd")).set(3, 0)), "descriptorStd must be positive");
        assertRefused(withManifest(m -> m.remove("graphs")), "declares no 'extractor' graph");
    }

    @Test
    void featuresTheExtractorCannotProduceAreRefused() throws IOException {
        assertRefused(withManifest(m -> at(m, "features").put("fftSize", 500)), "cannot produce the features", "power of two");
        assertRefused(withManifest(m -> ((ArrayNode) at(m, "features").get("descriptors")).add("jitter")), "expects frame descriptors", "jitter");
        assertRefused(withManifest(m -> at(m, "features").put("version", "logmel-8000/other")), "names features logmel-8000/other");
    }

    @Test
    void graphsThatDoNotMatchTheManifestAreRefused() throws IOException {
        assertRefused(withManifest(m -> at(m, "graphs", "heads", "inputs", "descriptors").put("name", "lld")),
                "heads.onnx has no input named 'lld'", "its inputs are");
        assertRefused(withManifest(m -> {
            ArrayNode shape = (ArrayNode) at(m, "graphs", "extractor", "inputs", "logmel").get("shape");
            shape.set(2, 32);
        }), "extractor.onnx input 'logmel' has shape [-1, 96, 64] but the manifest says [-1, 96, 32]");
        assertRefused(withManifest(m -> ((ArrayNode) at(m, "labels").get("emotion")).add("fear")),
                "'heads' graph's emotion has shape [-1, 4], the engine needs [-1, 5]");
    }

    @Test
    void anOpsetTooNewForOnnxRuntimeIsRefused() throws IOException {
        Path path = bundle();
        var model = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(path.resolve("heads.onnx")));
        Files.write(path.resolve("heads.onnx"), model.toBuilder().setOpsetImport(0,
                ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(30)).build().toByteArray());
        assertRefused(path, "heads.onnx needs ONNX opset 30, newer than the 26 that ONNX Runtime 1.29 supports");
    }

    /** A copy of a referencing test bundle (heads only, mn04 by reference) with its manifest edited. */
    private Path referencingWith(Consumer<ObjectNode> edit) throws IOException {
        Path path = TestBundles.referencing(dir.resolve("referencing-" + System.nanoTime()), EncoderReference.EMBEDDING);
        ObjectNode manifest = (ObjectNode) ModelBundle.json().readTree(path.resolve(ModelManifest.FILE).toFile());
        edit.accept(manifest);
        Files.write(path.resolve(ModelManifest.FILE), ModelBundle.json().writeValueAsBytes(manifest));
        return path;
    }

    private static void assertLoadRefused(Path bundle, String... fragments) {
        assertThatThrownBy(() -> ModelBundle.load(bundle)).isInstanceOf(BundleException.class).message()
                .contains(bundle.toString()).contains(fragments);
    }

    @Test
    void aBundleWithItsOwnExtractorNeedsTheVggishLogMelAndReferencesNoEncoder() throws IOException {
        ModelBundle shipped = ModelBundle.load(Path.of("..", "models", "mpgln"));
        assertThat(shipped.encoder()).isEmpty();
        assertThat(shipped.frontEnd()).isEqualTo(io.serstreams.featureextractor.features.FrontEnd.VGGISH_LOGMEL);
        assertThat(shipped.hasExtractor()).isTrue();
        assertThat(shipped.describe()).endsWith("encoder none (built-in extractor)");
        assertRefused(withManifest(m -> at(m, "features").put("frontEnd", "efficientat-logmel")),
                "features.frontEnd is efficientat-logmel, which only a referenced encoder takes");
        assertRefused(withManifest(m -> at(m, "features").put("frontEnd", "mfcc")), "unknown front end 'mfcc'", "vggish-logmel");
    }

    @Test
    void encoderReferenceMistakesAreNamed() throws IOException {
        ModelBundle good = ModelBundle.load(referencingWith(m -> {
        }));
        assertThat(good.encoder()).contains(io.serstreams.featureextractor.encoder.EncoderSpec.MN04);
        assertLoadRefused(referencingWith(m -> at(m, "encoder").put("output", "logits")), "encoder.output is 'logits': use embedding or frames");
        assertLoadRefused(referencingWith(m -> at(m, "encoder").put("sha256", "abc")), "encoder: sha256 must be 64 lower-case hex digits");
        assertLoadRefused(referencingWith(m -> at(m, "encoder", "frontEnd").put("melBands", 64)),
                "encoder.frontEnd asks for", "melBands=64", "the feature extractor computes", "melBands=128");
        assertLoadRefused(referencingWith(m -> at(m, "features").remove("frontEnd")),
                "features.frontEnd is vggish-logmel but encoder mn04 takes efficientat-logmel");
        assertLoadRefused(referencingWith(m -> at(m, "graphs").set("extractor", at(m, "graphs", "heads").deepCopy())),
                "both references encoder mn04 and declares an 'extractor' graph");
        assertLoadRefused(referencingWith(m -> at(m, "encoder").remove("frontEnd")), "encoder.frontEnd is missing");
    }

    @Test
    void twoWritesOfTheSameManifestAreByteIdentical() throws IOException {
        Path first = TestBundles.small(dir.resolve("first"));
        Path second = TestBundles.small(dir.resolve("second"));
        assertThat(Files.readAllBytes(first.resolve(ModelManifest.FILE))).isEqualTo(Files.readAllBytes(second.resolve(ModelManifest.FILE)));
        ModelManifest manifest = ModelBundle.load(first).manifest();
        // Maps with the same entries in other orders: what Map.of or Map.copyOf gives in another JVM run.
        java.util.Map<String, GraphSpec> reversed = new java.util.LinkedHashMap<>();
        java.util.List<String> roles = new java.util.ArrayList<>(manifest.graphs().keySet());
        java.util.Collections.reverse(roles);
        roles.forEach(r -> reversed.put(r, manifest.graphs().get(r)));
        java.util.Map<String, Object> training = new java.util.LinkedHashMap<>();
        training.put("seed", manifest.training().get("seed"));
        training.put("trained", manifest.training().get("trained"));
        ModelManifest reordered = new ModelManifest(manifest.format(), manifest.name(), manifest.version(), manifest.description(),
                manifest.labels(), manifest.outOfDomainThreshold(), manifest.features(), manifest.normalization(), reversed, training);
        assertThat(ModelBundle.json().writeValueAsBytes(reordered)).isEqualTo(Files.readAllBytes(first.resolve(ModelManifest.FILE)));
        // Map.copyOf's order changes from one JVM run to the next: only a written order that does not follow it is stable.
        ObjectNode written = (ObjectNode) ModelBundle.json().readTree(first.resolve(ModelManifest.FILE).toFile());
        assertSortedKeys(at(written, "graphs"));
        assertSortedKeys(at(written, "training"));
        for (String graph : java.util.List.of("extractor", "heads")) {
            assertSortedKeys(at(written, "graphs", graph, "inputs"));
            assertSortedKeys(at(written, "graphs", graph, "outputs"));
        }
    }

    private static void assertSortedKeys(ObjectNode node) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isSorted();
    }
}
