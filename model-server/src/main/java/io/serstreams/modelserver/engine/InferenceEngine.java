package io.serstreams.modelserver.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.serstreams.featureextractor.features.EfficientAtFrontEnd;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.modelserver.bundle.BundleException;
import io.serstreams.modelserver.bundle.EncoderReference;
import io.serstreams.modelserver.bundle.GraphContract;
import io.serstreams.modelserver.bundle.GraphSpec;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.bundle.TensorSpec;
import io.serstreams.modelserver.onnx.Mn04OnnxGraph;
import io.serstreams.modelserver.ort.OrtRuntime;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.modelserver.speech.SpeechGate;
import io.serstreams.modelserver.speech.SpeechVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.DoubleSupplier;

/**
 * Runs a model bundle on batches of segments: standardises their features, runs every log-mel
 * patch of the batch through the extractor graph at once, pads the batch to its longest segment
 * with masks, and runs the heads graph. One ONNX Runtime session per graph, shared: {@link #predict}
 * is safe to call from many threads.
 *
 * <p>With a bundle that references an encoder, the extractor is the converted encoder graph: each
 * segment's encoder log-mel goes through it (segments of equal length in one run, since padding
 * would change a convolutional encoder's output), and the heads take its embedding as one patch, or
 * its frames as one patch each.
 */
public final class InferenceEngine implements SegmentClassifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceEngine.class);

    private final ModelBundle bundle;
    private final OrtEnvironment env;
    private final OrtSession extractor;
    private final OrtSession heads;
    private final EngineOptions.Device device;
    private final int embeddingSize;
    private final boolean encoderFrames;
    private final GraphSpec extractorSpec;
    private final GraphSpec headsSpec;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);
    private final ReadWriteLock sessions = new ReentrantReadWriteLock();
    private final SpeechGate gate;
    private boolean closed;

    private InferenceEngine(ModelBundle bundle, OrtEnvironment env, OrtSession extractor, OrtSession heads, EngineOptions.Device device,
                            int embeddingSize, SpeechGate gate) {
        this.bundle = bundle;
        this.gate = gate;
        this.env = env;
        this.extractor = extractor;
        this.heads = heads;
        this.device = device;
        this.embeddingSize = embeddingSize;
        this.extractorSpec = extractorSpec(bundle);
        this.encoderFrames = bundle.manifest().encoder() != null && EncoderReference.FRAMES.equals(bundle.manifest().encoder().output());
        this.headsSpec = bundle.manifest().graphs().get(GraphContract.HEADS);
    }

    /**
     * Opens sessions for the bundle's graphs, checks their inputs and outputs against the manifest
     * and the engine's contract, and warms them up when asked.
     */
    public static InferenceEngine open(ModelBundle bundle, EngineOptions options) {
        return open(bundle, options, SpeechGate.DEFAULT);
    }

    /** As {@link #open(ModelBundle, EngineOptions)}, judging speech with {@code gate} instead of {@link SpeechGate#DEFAULT} (for measuring gates). */
    public static InferenceEngine open(ModelBundle bundle, EngineOptions options, SpeechGate gate) {
        if (!bundle.hasExtractor()) {
            throw new BundleException(bundle.source() + ": the bundle references encoder " + bundle.encoder().map(e -> e.name()).orElse("?")
                    + ", whose graph was not resolved: load it with BundleLoader");
        }
        OrtEnvironment env = OrtRuntime.environment();
        EngineOptions.Device device = options.device();
        OrtSession extractor = null;
        OrtSession heads = null;
        try {
            OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
            sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (options.intraOpThreads() > 0) {
                sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            }
            if (device == EngineOptions.Device.CUDA) {
                try {
                    sessionOptions.addCUDA(0);
                } catch (OrtException | UnsatisfiedLinkError e) {
                    LOG.warn("device cuda was asked for but is not available ({}); running on the CPU", firstLine(e.getMessage()));
                    device = EngineOptions.Device.CPU;
                }
            }
            extractor = session(env, bundle, GraphContract.EXTRACTOR, sessionOptions);
            heads = session(env, bundle, GraphContract.HEADS, sessionOptions);
            int embedding = checkGraphs(bundle, extractor, heads);
            InferenceEngine engine = new InferenceEngine(bundle, env, extractor, heads, device, embedding, gate);
            if (options.warmUp()) {
                engine.warmUp();
            }
            LOG.info("model {} {} (encoder {}) ready on {} ({} threads per run)", bundle.manifest().name(), bundle.manifest().version(),
                    bundle.extractorDescription(),
                    device.name().toLowerCase(java.util.Locale.ROOT), options.intraOpThreads() == 0 ? "automatic" : options.intraOpThreads());
            return engine;
        } catch (OrtException e) {
            closeQuietly(extractor, heads);
            throw new BundleException(bundle.source() + ": ONNX Runtime could not set up the model: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            closeQuietly(extractor, heads);
            throw e;
        }
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public ModelManifest manifest() {
        return bundle.manifest();
    }

    public FeatureConfig features() {
        return bundle.features();
    }

    /** The device inference actually runs on. */
    public EngineOptions.Device device() {
        return device;
    }

    /** Predictions for a batch, in order. A segment's result does not depend on the rest of the batch. */
    @Override
    public List<SegmentPrediction> predict(List<SegmentInput> segments) {
        if (segments.isEmpty()) {
            return List.of();
        }
        // Runs hold the read lock and close() the write lock: a session closed under a running call
        // would crash the process in native code.
        sessions.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the inference engine of model " + bundle.manifest().name() + " is closed");
            }
            return run(segments);
        } finally {
            sessions.readLock().unlock();
        }
    }

    /**
     * What the heads receive from the extractor for each segment, before padding: its patches' embeddings, the encoder's
     * embedding, or the encoder's frames, as {@code [count][width]} per segment. For checks and diagnostics.
     */
    public List<float[][]> embeddings(List<SegmentInput> segments) {
        sessions.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the inference engine of model " + bundle.manifest().name() + " is closed");
            }
            FeatureConfig features = bundle.features();
            int patchSize = features.patchFrames() * features.melBands();
            segments.forEach(this::checkProfile);
            Embedded embedded = bundle.encoder().isPresent() ? encode(segments, buffers.get())
                    : embed(segments, buffers.get(), segments.stream().mapToInt(SegmentInput::patches).sum(), patchSize);
            List<float[][]> out = new ArrayList<>(segments.size());
            int at = 0;
            for (int count : embedded.counts()) {
                float[][] vectors = new float[count][embeddingSize];
                for (float[] vector : vectors) {
                    embedded.values().get(at, vector);
                    at += embeddingSize;
                }
                out.add(vectors);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed: " + firstLine(e.getMessage()), e);
        } finally {
            sessions.readLock().unlock();
        }
    }

    private List<SegmentPrediction> run(List<SegmentInput> segments) {
        FeatureConfig features = bundle.features();
        int patchSize = features.patchFrames() * features.melBands();
        int totalPatches = 0;
        int maxPatches = 0;
        int maxFrames = 0;
        boolean encoder = bundle.encoder().isPresent();
        for (SegmentInput s : segments) {
            if (s.logMel().length != s.patches() * patchSize || s.descriptors().length != s.frames() * FrameDescriptor.COUNT) {
                throw new IllegalArgumentException("segment tensors do not match their patch and frame counts");
            }
            if (encoder && s.encoderLogMel() == null) {
                throw new IllegalArgumentException("model " + bundle.manifest().name() + " runs encoder " + bundle.encoder().get().name()
                        + " and needs each segment's " + bundle.frontEnd().id() + " features; this segment has none");
            }
            checkProfile(s);
            totalPatches += s.patches();
            maxFrames = Math.max(maxFrames, s.frames());
        }
        Buffers b = buffers.get();
        int batch = segments.size();
        try {
            Embedded embedded = encoder ? encode(segments, b) : embed(segments, b, totalPatches, patchSize);
            FloatBuffer embeddings = embedded.values();
            for (int count : embedded.counts()) {
                maxPatches = Math.max(maxPatches, count);
            }
            FloatBuffer paddedEmbeddings = b.embeddings(batch * maxPatches * embeddingSize);
            FloatBuffer patchMask = b.patchMask(batch * maxPatches);
            FloatBuffer descriptors = b.descriptors(batch * maxFrames * FrameDescriptor.COUNT);
            FloatBuffer frameMask = b.frameMask(batch * maxFrames);
            int source = 0;
            for (int i = 0; i < batch; i++) {
                SegmentInput s = segments.get(i);
                int patches = embedded.counts()[i];
                paddedEmbeddings.position(i * maxPatches * embeddingSize);
                paddedEmbeddings.put(embeddings.slice(source, patches * embeddingSize));
                source += patches * embeddingSize;
                for (int p = 0; p < maxPatches; p++) {
                    patchMask.put(i * maxPatches + p, p < patches ? 1f : 0f);
                }
                int base = i * maxFrames * FrameDescriptor.COUNT;
                Normalization norm = normalizationOf(s);
                float[] raw = s.descriptors();
                for (int j = 0; j < raw.length; j++) {
                    int column = j % FrameDescriptor.COUNT;
                    descriptors.put(base + j, (raw[j] - norm.descriptorMean()[column]) / norm.descriptorStd()[column]);
                }
                for (int f = 0; f < maxFrames; f++) {
                    frameMask.put(i * maxFrames + f, f < s.frames() ? 1f : 0f);
                }
            }
            paddedEmbeddings.rewind();
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                inputs.put(tensor(headsSpec.inputs(), GraphContract.EMBEDDINGS), OnnxTensor.createTensor(env, paddedEmbeddings, new long[]{batch, maxPatches, embeddingSize}));
                inputs.put(tensor(headsSpec.inputs(), GraphContract.PATCH_MASK), OnnxTensor.createTensor(env, patchMask, new long[]{batch, maxPatches}));
                inputs.put(tensor(headsSpec.inputs(), GraphContract.DESCRIPTORS), OnnxTensor.createTensor(env, descriptors, new long[]{batch, maxFrames, FrameDescriptor.COUNT}));
                inputs.put(tensor(headsSpec.inputs(), GraphContract.FRAME_MASK), OnnxTensor.createTensor(env, frameMask, new long[]{batch, maxFrames}));
                try (OrtSession.Result result = heads.run(inputs)) {
                    float[][] emotion = output(result, GraphContract.EMOTION);
                    float[][] arousal = output(result, GraphContract.AROUSAL);
                    float[][] valence = output(result, GraphContract.VALENCE);
                    float[][] domain = output(result, GraphContract.DOMAIN);
                    List<SegmentPrediction> predictions = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        SegmentInput s = segments.get(i);
                        SpeechVerdict speech = gate.judge(s.descriptors(), s.frames(), embedded.logits() == null ? null : embedded.logits()[i]);
                        predictions.add(SegmentPrediction.served(bundle.manifest(), emotion[i], arousal[i], valence[i], domain[i], speech,
                                embedded.raw() == null ? null : embedded.raw()[i]));
                    }
                    return predictions;
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * The extractor's vectors for a batch, segment after segment (standardised by each segment's profile where it has
     * one), and how many each segment has; with an encoder that tags AudioSet, each segment's 527 logits (else null);
     * with an encoder's embedding, each segment's raw embedding, before any profile (else null).
     */
    private record Embedded(FloatBuffer values, int[] counts, float[][] logits, float[][] raw) {
        Embedded(FloatBuffer values, int[] counts) {
            this(values, counts, null, null);
        }
    }

    /** The statistics {@code segment}'s log-mel and descriptors are standardised by: its profile's, else the training pool's. */
    private Normalization normalizationOf(SegmentInput segment) {
        return segment.profile() == null ? bundle.manifest().normalization() : segment.profile().inputs();
    }

    private void checkProfile(SegmentInput segment) {
        if (segment.profile() != null) {
            segment.profile().checkFits(bundle.manifest());
        }
    }

    private Embedded embed(List<SegmentInput> segments, Buffers b, int totalPatches, int patchSize) throws OrtException {
        FloatBuffer logMel = b.logMel(totalPatches * patchSize);
        int at = 0;
        for (SegmentInput s : segments) {
            Normalization norm = normalizationOf(s);
            float mean = norm.logMelMean();
            float std = norm.logMelStd();
            float[] raw = s.logMel();
            for (float v : raw) {
                logMel.put(at++, (v - mean) / std);
            }
        }
        FeatureConfig features = bundle.features();
        try (OnnxTensor input = OnnxTensor.createTensor(env, logMel, new long[]{totalPatches, features.patchFrames(), features.melBands()});
             OrtSession.Result result = extractor.run(Map.of(tensor(extractorSpec.inputs(), GraphContract.LOGMEL), input))) {
            OnnxTensor out = (OnnxTensor) result.get(tensor(extractorSpec.outputs(), GraphContract.EMBEDDING)).orElseThrow();
            // A copy the session no longer owns, so it outlives the result.
            return new Embedded(out.getFloatBuffer(), segments.stream().mapToInt(SegmentInput::patches).toArray());
        }
    }

    /**
     * Runs the encoder over each segment's encoder log-mel, segments of the same length together; the result rows are
     * the embedding (one per segment) or the frames ({@code T'} per segment, transposed to [T', E]).
     */
    private Embedded encode(List<SegmentInput> segments, Buffers b) throws OrtException {
        int bands = EfficientAtFrontEnd.MEL_BANDS;
        float[][] vectors = new float[segments.size()][];
        boolean tags = extractor.getOutputNames().contains(Mn04OnnxGraph.LOGITS);
        float[][] logits = tags ? new float[segments.size()][] : null;
        java.util.Set<String> wanted = new java.util.HashSet<>(java.util.Set.of(tensor(extractorSpec.outputs(), GraphContract.EMBEDDING)));
        if (tags) {
            wanted.add(Mn04OnnxGraph.LOGITS);
        }
        Map<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < segments.size(); i++) {
            byLength.computeIfAbsent(segments.get(i).encoderFrames(), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
            int frames = group.getKey();
            List<Integer> members = group.getValue();
            FloatBuffer input = b.logMel(members.size() * bands * frames);
            int at = 0;
            for (int index : members) {
                // [T, bands] per segment in, [1, bands, T] per row for the graph.
                float[] values = segments.get(index).encoderLogMel();
                for (int band = 0; band < bands; band++) {
                    for (int t = 0; t < frames; t++) {
                        input.put(at++, values[t * bands + band]);
                    }
                }
            }
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[]{members.size(), 1, bands, frames});
                 OrtSession.Result result = extractor.run(Map.of(tensor(extractorSpec.inputs(), GraphContract.LOGMEL), tensor), wanted)) {
                if (tags) {
                    float[][] rows = (float[][]) result.get(Mn04OnnxGraph.LOGITS).orElseThrow().getValue();
                    for (int row = 0; row < members.size(); row++) {
                        logits[members.get(row)] = rows[row];
                    }
                }
                OnnxTensor out = (OnnxTensor) result.get(tensor(extractorSpec.outputs(), GraphContract.EMBEDDING)).orElseThrow();
                FloatBuffer values = out.getFloatBuffer();
                long[] shape = out.getInfo().getShape();
                int columns = encoderFrames ? Math.toIntExact(shape[2]) : 1;
                for (int row = 0; row < members.size(); row++) {
                    float[] vector = new float[columns * embeddingSize];
                    int base = row * embeddingSize * columns;
                    for (int e = 0; e < embeddingSize; e++) {
                        for (int c = 0; c < columns; c++) {
                            vector[c * embeddingSize + e] = values.get(base + e * columns + c);
                        }
                    }
                    vectors[members.get(row)] = vector;
                }
            }
        }
        int total = 0;
        int[] counts = new int[segments.size()];
        for (int i = 0; i < vectors.length; i++) {
            counts[i] = vectors[i].length / embeddingSize;
            total += vectors[i].length;
        }
        FloatBuffer all = FloatBuffer.allocate(total);
        for (int i = 0; i < vectors.length; i++) {
            DomainProfile profile = segments.get(i).profile();
            all.put(profile == null ? vectors[i] : profile.encoderOutputOnPoolScale(vectors[i], bundle.manifest().encoder().trainingStatistics()));
        }
        return new Embedded(all.flip(), counts, logits, encoderFrames ? null : vectors);
    }

    private float[][] output(OrtSession.Result result, String role) throws OrtException {
        return (float[][]) result.get(tensor(headsSpec.outputs(), role)).orElseThrow().getValue();
    }

    private void warmUp() {
        predict(List.of(syntheticSegment(bundle.features().segmentFrames(), () -> 0)));
    }

    /**
     * A segment of {@code frames} feature frames shaped as this engine's bundle takes it (with the
     * encoder front end's log-mel over the same span where the bundle references an encoder), every
     * value drawn from {@code values}: for warming up and for benchmarks of the model alone.
     */
    public SegmentInput syntheticSegment(int frames, DoubleSupplier values) {
        FeatureConfig features = bundle.features();
        int patches = Math.max(1, frames / features.patchFrames());
        float[] encoderLogMel = null;
        if (bundle.encoder().isPresent()) {
            long samples = (long) frames * features.hopSamples() * EfficientAtFrontEnd.SAMPLE_RATE / features.sampleRate();
            encoderLogMel = filled(EfficientAtFrontEnd.frameCount(samples) * EfficientAtFrontEnd.MEL_BANDS, values);
        }
        return new SegmentInput(filled(patches * features.patchFrames() * features.melBands(), values), patches,
                filled(frames * FrameDescriptor.COUNT, values), frames, encoderLogMel,
                encoderLogMel == null ? 0 : encoderLogMel.length / EfficientAtFrontEnd.MEL_BANDS);
    }

    private static float[] filled(int length, DoubleSupplier values) {
        float[] array = new float[length];
        for (int i = 0; i < length; i++) {
            array[i] = (float) values.getAsDouble();
        }
        return array;
    }

    /** Closes the sessions once the calls running now have returned; later calls are refused. */
    @Override
    public void close() {
        sessions.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(extractor, heads);
            }
        } finally {
            sessions.writeLock().unlock();
        }
    }

    /** Sessions of the engine, for benchmarks that compare it with bare ONNX Runtime calls. */
    public OrtSession extractorSession() {
        return extractor;
    }

    public OrtSession headsSession() {
        return heads;
    }

    /** The extractor's contract: the manifest's graph, or the converted encoder's. */
    private static GraphSpec extractorSpec(ModelBundle bundle) {
        ModelManifest m = bundle.manifest();
        return m.encoder() == null ? m.graphs().get(GraphContract.EXTRACTOR) : GraphContract.encoder(m.encoder());
    }

    private static OrtSession session(OrtEnvironment env, ModelBundle bundle, String role, OrtSession.SessionOptions options) throws OrtException {
        try {
            return env.createSession(bundle.graph(role), options);
        } catch (OrtException e) {
            throw new BundleException(bundle.source() + ": ONNX Runtime cannot load the '" + role + "' graph ("
                    + (role.equals(GraphContract.EXTRACTOR) ? extractorSpec(bundle) : bundle.manifest().graphs().get(role)).file()
                    + "): " + firstLine(e.getMessage()), e);
        }
    }

    /** Checks the graphs against the manifest and the contract; returns the embedding size. */
    private static int checkGraphs(ModelBundle bundle, OrtSession extractor, OrtSession heads) throws OrtException {
        ModelManifest m = bundle.manifest();
        FeatureConfig f = bundle.features();
        GraphSpec ex = extractorSpec(bundle);
        GraphSpec hd = m.graphs().get(GraphContract.HEADS);
        check(bundle, ex, extractor.getInputInfo(), ex.inputs(), "input");
        check(bundle, ex, extractor.getOutputInfo(), ex.outputs(), "output");
        check(bundle, hd, heads.getInputInfo(), hd.inputs(), "input");
        check(bundle, hd, heads.getOutputInfo(), hd.outputs(), "output");
        if (m.encoder() != null) {
            // The encoder's width is the graph's own (384 for mn04); the heads must have been trained on it.
            TensorInfo out = (TensorInfo) extractor.getOutputInfo().get(ex.outputs().get(GraphContract.EMBEDDING).name()).getInfo();
            int width = Math.toIntExact(out.getShape()[1]);
            long headsTake = hd.inputs().get(GraphContract.EMBEDDINGS).shape().get(2);
            if (headsTake != width) {
                throw new BundleException(bundle.source() + ": the heads take embeddings of " + headsTake + ", but encoder "
                        + m.encoder().name() + "'s " + m.encoder().output() + " has " + width);
            }
            compareShapes(bundle, GraphContract.HEADS, hd.inputs(), GraphContract.expected(m.labels(), f.patchFrames(), f.melBands(),
                    width, "", hd.file()).get(GraphContract.HEADS).inputs());
            compareShapes(bundle, GraphContract.HEADS, hd.outputs(), GraphContract.expected(m.labels(), f.patchFrames(), f.melBands(),
                    width, "", hd.file()).get(GraphContract.HEADS).outputs());
            return width;
        }
        int embedding = Math.toIntExact(ex.outputs().get(GraphContract.EMBEDDING).shape().get(1));
        Map<String, GraphSpec> contract = GraphContract.expected(m.labels(), f.patchFrames(), f.melBands(), embedding, ex.file(), hd.file());
        for (String role : List.of(GraphContract.EXTRACTOR, GraphContract.HEADS)) {
            GraphSpec declared = m.graphs().get(role);
            GraphSpec required = contract.get(role);
            compareShapes(bundle, role, declared.inputs(), required.inputs());
            compareShapes(bundle, role, declared.outputs(), required.outputs());
        }
        return embedding;
    }

    private static void compareShapes(ModelBundle bundle, String graph, Map<String, TensorSpec> declared, Map<String, TensorSpec> required) {
        for (Map.Entry<String, TensorSpec> need : required.entrySet()) {
            TensorSpec have = declared.get(need.getKey());
            long[] shape = have.shape().stream().mapToLong(Long::longValue).toArray();
            if (!need.getValue().accepts(shape)) {
                throw new BundleException(bundle.source() + ": the '" + graph + "' graph's " + need.getKey() + " has shape " + have.shape()
                        + ", the engine needs " + need.getValue().shape() + " (-1 = any size)");
            }
        }
    }

    private static void check(ModelBundle bundle, GraphSpec spec, Map<String, NodeInfo> actual, Map<String, TensorSpec> declared, String kind) {
        for (Map.Entry<String, TensorSpec> entry : declared.entrySet()) {
            TensorSpec want = entry.getValue();
            NodeInfo info = actual.get(want.name());
            if (info == null) {
                throw new BundleException(bundle.source() + ": " + spec.file() + " has no " + kind + " named '" + want.name()
                        + "' (for " + entry.getKey() + "); its " + kind + "s are " + actual.keySet());
            }
            if (!(info.getInfo() instanceof TensorInfo tensor) || !want.accepts(tensor.getShape())) {
                throw new BundleException(bundle.source() + ": " + spec.file() + " " + kind + " '" + want.name() + "' has shape "
                        + (info.getInfo() instanceof TensorInfo t ? Arrays.toString(t.getShape()) : info.getInfo())
                        + " but the manifest says " + want.shape());
            }
        }
    }

    /** The graph's tensor name for a role of its inputs or outputs. */
    private static String tensor(Map<String, TensorSpec> specs, String role) {
        return specs.get(role).name();
    }

    private static void closeQuietly(OrtSession... sessions) {
        for (OrtSession s : sessions) {
            if (s != null) {
                try {
                    s.close();
                } catch (OrtException e) {
                    LOG.warn("closing an ONNX Runtime session failed: {}", e.getMessage());
                }
            }
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse(message);
    }

    /** Direct buffers reused by one thread across batches, grown as needed. */
    private static final class Buffers {
        private FloatBuffer logMel = allocate(1);
        private FloatBuffer embeddings = allocate(1);
        private FloatBuffer patchMask = allocate(1);
        private FloatBuffer descriptors = allocate(1);
        private FloatBuffer frameMask = allocate(1);

        FloatBuffer logMel(int n) {
            logMel = fit(logMel, n);
            return logMel;
        }

        FloatBuffer embeddings(int n) {
            embeddings = fitZeroed(embeddings, n);
            return embeddings;
        }

        FloatBuffer patchMask(int n) {
            patchMask = fit(patchMask, n);
            return patchMask;
        }

        FloatBuffer descriptors(int n) {
            descriptors = fitZeroed(descriptors, n);
            return descriptors;
        }

        FloatBuffer frameMask(int n) {
            frameMask = fit(frameMask, n);
            return frameMask;
        }

        private static FloatBuffer fit(FloatBuffer buffer, int n) {
            FloatBuffer fitted = buffer.capacity() >= n ? buffer : allocate(Math.max(n, buffer.capacity() * 2));
            fitted.clear().limit(n);
            return fitted;
        }

        private static FloatBuffer fitZeroed(FloatBuffer buffer, int n) {
            FloatBuffer fitted = fit(buffer, n);
            for (int i = 0; i < n; i++) {
                fitted.put(i, 0f);
            }
            return fitted;
        }

        private static FloatBuffer allocate(int n) {
            return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }
}
