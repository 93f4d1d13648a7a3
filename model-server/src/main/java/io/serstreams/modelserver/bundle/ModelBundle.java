package io.serstreams.modelserver.bundle;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.features.FrontEnd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A validated model bundle: its manifest, the feature configuration it needs, and the bytes of its
 * ONNX graphs. Loading checks everything that can be checked without running the graphs (the
 * engine checks the graphs' actual inputs and outputs when it opens them) and fails with a message
 * naming the bundle and the problem.
 *
 * <p>A bundle that holds its extractor by reference ({@link ModelManifest#encoder()}) loads with its
 * heads graph only; {@link #withEncoderGraph} adds the extractor graph converted from the fetched
 * encoder ({@code BundleLoader} in the engine package does both).
 */
public final class ModelBundle {
    /** Highest default-domain opset ONNX Runtime 1.29 officially supports (measured: 27 and up are refused). */
    public static final int MAX_OPSET = 26;

    private final String source;
    private final ModelManifest manifest;
    private final FeatureConfig features;
    private final FrontEnd frontEnd;
    private final EncoderSpec encoder;
    private final Map<String, byte[]> graphs;

    private ModelBundle(String source, ModelManifest manifest, FeatureConfig features, FrontEnd frontEnd, EncoderSpec encoder,
                        Map<String, byte[]> graphs) {
        this.source = source;
        this.manifest = manifest;
        this.features = features;
        this.frontEnd = frontEnd;
        this.encoder = encoder;
        this.graphs = graphs;
    }

    /** The JSON mapper for manifests, strict about unknown fields so typos are caught. */
    public static ObjectMapper json() {
        // Maps are written sorted by key: the same model gives the same bytes, whatever map implementation built the manifest.
        return new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
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
        FrontEnd frontEnd = manifest.features().frontEnd(source);
        EncoderSpec encoder = manifest.encoder() == null ? null : manifest.encoder().spec(source);
        Map<String, byte[]> graphs = new HashMap<>();
        for (String role : ownGraphs(manifest)) {
            GraphSpec spec = manifest.graphs().get(role);
            byte[] bytes = read(path, files, spec.file());
            checkOpset(source, spec.file(), bytes);
            graphs.put(role, bytes);
        }
        return new ModelBundle(source, manifest, features, frontEnd, encoder, Map.copyOf(graphs));
    }

    /**
     * This bundle with the extractor graph converted from its referenced encoder.
     *
     * @throws IllegalStateException when the bundle has its own extractor
     */
    public ModelBundle withEncoderGraph(byte[] encoderGraph) {
        if (encoder == null) {
            throw new IllegalStateException(source + " has its own extractor graph");
        }
        checkOpset(source, "the converted " + encoder.name() + " graph", encoderGraph);
        Map<String, byte[]> all = new HashMap<>(graphs);
        all.put(GraphContract.EXTRACTOR, encoderGraph);
        return new ModelBundle(source, manifest, features, frontEnd, encoder, Map.copyOf(all));
    }

    /**
     * This bundle's graphs under {@code next}, a manifest that describes the same graphs with other served settings
     * (its calibration or out-of-domain threshold): to read a bundle as it would serve with settings being fitted.
     */
    public ModelBundle withManifest(ModelManifest next) {
        validate(source, next);
        return new ModelBundle(source, next, features, frontEnd, encoder, graphs);
    }

    /** The release file of the encoder the bundle references; empty when it has its own extractor graph. */
    public Optional<EncoderSpec> encoder() {
        return Optional.ofNullable(encoder);
    }

    /** The log-mel front end the bundle's extractor takes. */
    public FrontEnd frontEnd() {
        return frontEnd;
    }

    /** Whether the extractor graph is there: always for a bundle with its own, after {@link #withEncoderGraph} for a referencing one. */
    public boolean hasExtractor() {
        return graphs.containsKey(GraphContract.EXTRACTOR);
    }

    /** What start-up lines say about the extractor: the encoder's name and sha256 prefix, or that it is built in. */
    public String extractorDescription() {
        return encoder == null ? "none (built-in extractor)" : encoder.name() + " (sha256 " + manifest.encoder().shortHash() + ")";
    }

    /** The start-up line's description: {@code model PATH (NAME VERSION), encoder mn04 (sha256 899a8c621706)}. */
    public String describe() {
        return "model " + source + " (" + manifest.name() + " " + manifest.version() + "), encoder " + extractorDescription();
    }

    private static List<String> ownGraphs(ModelManifest m) {
        return m.encoder() == null ? List.of(GraphContract.EXTRACTOR, GraphContract.HEADS) : List.of(GraphContract.HEADS);
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
        if (m.calibration() != null) {
            for (String domain : m.calibration().domains().keySet()) {
                require(source, m.labels().domains().contains(domain), "calibration has a temperature for domain '" + domain
                        + "', which is not one of the model's domains " + m.labels().domains());
            }
        }
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
        for (String role : ownGraphs(m)) {
            GraphSpec spec = m.graphs().get(role);
            require(source, spec != null, "the manifest declares no '" + role + "' graph");
            require(source, spec.file() != null && !spec.file().isBlank(), "the '" + role + "' graph names no file");
        }
        FrontEnd needs = m.features().frontEnd(source);
        if (m.encoder() == null) {
            require(source, needs == FrontEnd.VGGISH_LOGMEL, "features.frontEnd is " + needs.id()
                    + ", which only a referenced encoder takes; the bundle's own extractor takes " + FrontEnd.VGGISH_LOGMEL.id());
            checkRoles(source, m, GraphContract.EXTRACTOR, List.of(GraphContract.LOGMEL), List.of(GraphContract.EMBEDDING));
        } else {
            require(source, !m.graphs().containsKey(GraphContract.EXTRACTOR),
                    "the manifest both references encoder " + m.encoder().name() + " and declares an 'extractor' graph: keep one");
            require(source, m.encoder().frontEnd() != null, "encoder.frontEnd is missing");
            FrontEnd encoderTakes = m.encoder().frontEnd().check(source);
            require(source, needs == encoderTakes, "features.frontEnd is " + needs.id()
                    + " but encoder " + m.encoder().name() + " takes " + m.encoder().frontEnd().id());
        }
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
