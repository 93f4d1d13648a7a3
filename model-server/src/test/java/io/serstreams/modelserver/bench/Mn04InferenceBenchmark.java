package io.serstreams.modelserver.bench;

import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The shipped model over mn04 ({@code models/mpgln-mn04}: the converted mn04 graph from the encoder
 * cache, then the heads) per batch size, through the engine. One operation is one batch of 1.92 s
 * segments; the per-segment cost is the score divided by the batch. The encoder cache is
 * {@code ser.encoder.cache} (bench.sh points it at {@code ../shared/encoders} when unset).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Mn04InferenceBenchmark {
    @Param({"1", "4", "16", "32"})
    int batch;

    @Param({"1"})
    int threads;

    private InferenceEngine engine;
    private List<SegmentInput> inputs;

    @Setup(Level.Trial)
    public void setUp() {
        // No fallback and no download: a benchmark of the default model under this name would mislead.
        ModelBundle bundle = BundleLoader.configured(false, null, line -> { }).load(Path.of("..", "models", "mpgln-mn04"));
        engine = InferenceEngine.open(bundle, new EngineOptions(EngineOptions.Device.CPU, threads, true));
        Random random = new Random(5);
        inputs = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            inputs.add(engine.syntheticSegment(192, () -> random.nextGaussian() * 2 - 4));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** Encoder front-end log-mel in, predictions out: mn04 and the heads for the whole batch. */
    @Benchmark
    public List<SegmentPrediction> engine() {
        return engine.predict(inputs);
    }
}
