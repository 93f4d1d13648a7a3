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
}
