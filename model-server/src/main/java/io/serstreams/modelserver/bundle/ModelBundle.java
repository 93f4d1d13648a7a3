package io.serstreams.modelserver.bundle;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A validated model bundle: its manifest, the feature configuration it needs, and the bytes of its
 * ONNX graphs. Loading checks everything that can be checked without running the graphs (the
 * engine checks the graphs' actual inputs and outputs when it opens them) and fails with a message
 * naming the bundle and the problem.
 */
public final class ModelBundle {
    /** Highest default-domain opset ONNX Runtime 1.29 officially supports (measured: 27 and up are refused). */
    public static final int MAX_OPSET = 26;

    private final String source;
    private final ModelManifest manifest;
    private final FeatureConfig features;
    private final Map<String, byte[]> graphs;

    private ModelBundle(String source, ModelManifest manifest, FeatureConfig features, Map<String, byte[]> graphs) {
        this.source = source;
        this.manifest = manifest;
        this.features = features;
        this.graphs = graphs;
    }

    /** The JSON mapper for manifests, strict about unknown fields so typos are caught. */
    public static ObjectMapper json() {
        return new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** Loads a bundle from a folder or a zip file. */
    public static ModelBundle load(Path path) {
        if (!Files.exists(path)) {
            throw new BundleException(path + ": no model bundle here (expected a folder or .zip with " + ModelManifest.FILE + ")");
        }
        Map<String, byte[]> files = Files.isDirectory(path) ? null : readZip(path);
        ModelManifest manifest = parseManifest(path, read(path, files, ModelManifest.FILE));
        String source = path.toString();
        validate(source, manifest);
        FeatureConfig features = manifest.features().toConfig(source);
        Map<String, byte[]> graphs = new HashMap<>();
        for (String role : List.of(GraphContract.EXTRACTOR, GraphContract.HEADS)) {
            GraphSpec spec = manifest.graphs().get(role);
            byte[] bytes = read(path, files, spec.file());
            checkOpset(source, spec.file(), bytes);
            graphs.put(role, bytes);
        }
        return new ModelBundle(source, manifest, features, Map.copyOf(graphs));
    }

    public String source() {
        return source;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public FeatureConfig features() {
        return features;
    }

    /** The ONNX bytes of the graph with this role. */
    public byte[] graph(String role) {
        return graphs.get(role);
    }

    private static void validate(String source, ModelManifest m) {
        require(source, ModelManifest.FORMAT.equals(m.format()), "format is '" + m.format() + "', this server reads " + ModelManifest.FORMAT);
        require(source, m.version() != null && !m.version().isBlank(), "the manifest has no version");
        require(source, m.labels() != null, "the manifest has no labels");
        require(source, !m.labels().emotion().isEmpty(), "no emotion labels");
        require(source, m.labels().arousal().size() == 3, "arousal needs 3 groups (low, mid, high), not " + m.labels().arousal());
        require(source, m.labels().valence().size() == 3, "valence needs 3 groups (negative, neutral, positive), not " + m.labels().valence());
        require(source, !m.labels().domains().isEmpty(), "no training domains");
        require(source, m.outOfDomainThreshold() >= 0 && m.outOfDomainThreshold() <= 1, "outOfDomainThreshold must lie in [0, 1]");
        require(source, m.features() != null, "the manifest has no feature configuration");
        Normalization n = m.normalization();
        require(source, n != null, "the manifest has no normalization");
        require(source, n.logMelStd() > 0, "normalization.logMelStd must be positive");
        require(source, n.descriptorMean() != null && n.descriptorMean().length == FrameDescriptor.COUNT
                && n.descriptorStd() != null && n.descriptorStd().length == FrameDescriptor.COUNT,
                "normalization needs " + FrameDescriptor.COUNT + " descriptor means and deviations");
        for (float std : n.descriptorStd()) {
            require(source, std > 0, "every normalization.descriptorStd must be positive");
        }
        for (String role : List.of(GraphContract.EXTRACTOR, GraphContract.HEADS)) {
            GraphSpec spec = m.graphs().get(role);
            require(source, spec != null, "the manifest declares no '" + role + "' graph");
            require(source, spec.file() != null && !spec.file().isBlank(), "the '" + role + "' graph names no file");
        }
        checkRoles(source, m, GraphContract.EXTRACTOR, List.of(GraphContract.LOGMEL), List.of(GraphContract.EMBEDDING));
        checkRoles(source, m, GraphContract.HEADS,
                List.of(GraphContract.EMBEDDINGS, GraphContract.PATCH_MASK, GraphContract.DESCRIPTORS, GraphContract.FRAME_MASK),
                List.of(GraphContract.EMOTION, GraphContract.AROUSAL, GraphContract.VALENCE, GraphContract.DOMAIN));
    }

    private static void checkRoles(String source, ModelManifest m, String graph, List<String> inputs, List<String> outputs) {
        GraphSpec spec = m.graphs().get(graph);
        for (String role : inputs) {
            require(source, spec.inputs().containsKey(role), "the '" + graph + "' graph declares no '" + role + "' input");
        }
        for (String role : outputs) {
            require(source, spec.outputs().containsKey(role), "the '" + graph + "' graph declares no '" + role + "' output");
        }
    }

    private static void checkOpset(String source, String file, byte[] bytes) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (IOException e) {
            throw new BundleException(source + ": " + file + " is not an ONNX model: " + e.getMessage());
        }
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            boolean standard = opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx");
            if (standard && opset.getVersion() > MAX_OPSET) {
                throw new BundleException(source + ": " + file + " needs ONNX opset " + opset.getVersion()
                        + ", newer than the " + MAX_OPSET + " that ONNX Runtime 1.29 supports; export it with opset " + MAX_OPSET + " or lower");
            }
        }
    }

    private static ModelManifest parseManifest(Path path, byte[] bytes) {
        try {
            return json().readValue(bytes, ModelManifest.class);
        } catch (JsonProcessingException e) {
            throw new BundleException(path + ": " + ModelManifest.FILE + " is not a valid manifest: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new BundleException(path + ": cannot read " + ModelManifest.FILE + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path bundle, Map<String, byte[]> zipFiles, String name) {
        if (zipFiles != null) {
            byte[] bytes = zipFiles.get(name);
            if (bytes == null) {
                throw new BundleException(bundle + ": the bundle has no file " + name);
            }
            return bytes;
        }
        Path file = bundle.resolve(name).normalize();
        if (!file.startsWith(bundle.normalize())) {
            throw new BundleException(bundle + ": file name " + name + " points outside the bundle");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BundleException(bundle + ": the bundle has no file " + name);
        } catch (IOException e) {
            throw new BundleException(bundle + ": cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, byte[]> readZip(Path zip) {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(archive.entries())) {
                if (!entry.isDirectory()) {
                    try (InputStream in = archive.getInputStream(entry)) {
                        // Bundles zipped with their folder keep working.
                        String name = entry.getName().contains("/") ? entry.getName().substring(entry.getName().lastIndexOf('/') + 1) : entry.getName();
                        files.put(name, in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new BundleException(zip + ": not a readable zip file: " + e.getMessage(), e);
        }
        return files;
    }

    private static void require(String source, boolean condition, String problem) {
        if (!condition) {
            throw new BundleException(source + ": " + problem);
        }
    }
}
