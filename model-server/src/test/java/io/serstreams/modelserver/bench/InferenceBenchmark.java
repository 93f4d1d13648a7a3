package io.serstreams.modelserver.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.modelserver.ort.OrtRuntime;
import io.serstreams.modelserver.testing.Speech;
import io.serstreams.modelserver.testing.TestBundles;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Inference cost per batch size, for the engine and for bare {@code OrtSession.run} calls on the
 * same batch (the same two graphs, inputs prepared in advance), measured in the same run.
 * One operation is one batch of full 1.92 s segments (2 log-mel patches, 192 frames each) through
 * an MPGLN-shaped network with random weights ({@link TestBundles#benchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InferenceBenchmark {
    @Param({"1", "4", "16", "32", "64"})
    int batch;

    @Param({"1"})
    int threads;

    /** conv: global average pooling into the embedding; dense: a VGGish-like fully connected top. */
    @Param({"conv", "dense"})
    String extractor;

    private InferenceEngine engine;
    private List<SegmentInput> inputs;
    private Map<String, OnnxTensor> extractorInputs;
    private Map<String, OnnxTensor> headsInputs;
    private Path dir;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("bench-bundle");
        Path bundle = extractor.equals("dense") ? TestBundles.benchmarkWithDenseTop(dir) : TestBundles.benchmark(dir);
        engine = InferenceEngine.open(ModelBundle.load(bundle), new EngineOptions(EngineOptions.Device.CPU, threads, true));
        List<Segment> full = new ArrayList<>();
        for (Segment s : ChannelFeatureExtractor.segmentsOf(Speech.voiceFor(150, 16000 * 200, 9), 16000, FeatureConfig.DEFAULT)) {
            if (s.frames() == 192) {
                full.add(s);
            }
        }
        inputs = full.subList(0, batch).stream().map(SegmentInput::of).toList();
        OrtEnvironment env = OrtRuntime.environment();
        float[] logMel = new float[batch * 2 * 96 * 64];
        float[] descriptors = new float[batch * 192 * FrameDescriptor.COUNT];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(inputs.get(i).logMel(), 0, logMel, i * 2 * 96 * 64, 2 * 96 * 64);
            System.arraycopy(inputs.get(i).descriptors(), 0, descriptors, i * 192 * FrameDescriptor.COUNT, 192 * FrameDescriptor.COUNT);
        }
        extractorInputs = Map.of("logmel", OnnxTensor.createTensor(env, FloatBuffer.wrap(logMel), new long[]{batch * 2L, 96, 64}));
        float[] ones = new float[batch * 192];
        java.util.Arrays.fill(ones, 1f);
        float[] patchOnes = new float[batch * 2];
        java.util.Arrays.fill(patchOnes, 1f);
        headsInputs = new HashMap<>();
        headsInputs.put("embeddings", OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[batch * 2 * TestBundles.EMBEDDING]), new long[]{batch, 2, TestBundles.EMBEDDING}));
        headsInputs.put("patch_mask", OnnxTensor.createTensor(env, FloatBuffer.wrap(patchOnes), new long[]{batch, 2}));
        headsInputs.put("descriptors", OnnxTensor.createTensor(env, FloatBuffer.wrap(descriptors), new long[]{batch, 192, FrameDescriptor.COUNT}));
        headsInputs.put("frame_mask", OnnxTensor.createTensor(env, FloatBuffer.wrap(ones), new long[]{batch, 192}));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        extractorInputs.values().forEach(OnnxTensor::close);
        headsInputs.values().forEach(OnnxTensor::close);
        engine.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** The engine: standardise, pack, run both graphs, unpack into predictions. */
    @Benchmark
    public List<SegmentPrediction> engine() {
        return engine.predict(inputs);
    }

    /** Bare ONNX Runtime: the same two session runs on tensors prepared in advance. */
    @Benchmark
    public float bareSessionRuns() throws OrtException {
        float sum;
        try (OrtSession.Result r = engine.extractorSession().run(extractorInputs)) {
            sum = ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
        }
        try (OrtSession.Result r = engine.headsSession().run(headsInputs)) {
            sum += ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
        }
        return sum;
    }
}
