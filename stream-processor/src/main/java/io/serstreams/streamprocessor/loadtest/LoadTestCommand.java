package io.serstreams.streamprocessor.loadtest;

import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.streamprocessor.app.InferenceSettings;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ser loadtest}: concurrent real-time stereo calls through the whole pipeline on the embedded
 * broker, one load level after another; prints a Markdown table (latency percentiles, events per
 * second, consumer lag, CPU, heap) and, with {@code --capacity}, the pipeline's saturated
 * throughput against bare ONNX Runtime at the same batch size.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "Load the pipeline with concurrent real-time stereo calls (corpus speech when ../shared/corpora is present, else generated) "
                + "and report end-to-end latency (last chunk of a segment to its emotion event), throughput, lag, CPU and heap.",
        footerHeading = "%nExamples:%n",
        footer = {"  # three load levels, one after another",
                "  ./ser loadtest --calls 1,10,50 --duration PT60S",
                "  # and the saturated throughput against bare ONNX Runtime",
                "  ./ser loadtest --calls 20 --capacity",
                "  # the model over the mn04 encoder (fetched first: ./ser encoder fetch)",
                "  ./ser loadtest --model models/mpgln-mn04 --calls 100,200,400 --capacity"})
public final class LoadTestCommand implements Callable<Integer> {
    @Option(names = "--calls", split = ",", defaultValue = "5", description = "Concurrent stereo calls; a list runs one level after another (default: ${DEFAULT-VALUE}).")
    List<Integer> calls;

    @Option(names = "--duration", defaultValue = "PT60S", description = "Length of every call (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--max-batch", defaultValue = "16", description = "ser.inference.max-batch (1: unbatched) (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait", defaultValue = "PT0.2S", description = "ser.inference.max-wait (default: ${DEFAULT-VALUE}).")
    Duration maxWait;

    @Option(names = "--capacity", description = "Also replay the largest level as fast as possible and compare the pipeline's throughput with bare ONNX Runtime.")
    boolean capacity;

    @Option(names = "--capacity-only", description = "Skip the real-time levels: only the full-speed replay and the capacity figures (implies --capacity).")
    boolean capacityOnly;

    @Option(names = "--role-runs", defaultValue = "1", description = "How many fresh inference-only instances measure the inference role's "
            + "capacity, one after another over the same segments (default: ${DEFAULT-VALUE}).")
    int roleRuns;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--threads", defaultValue = "1", description = "Kafka Streams threads (num.stream.threads) (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--model-calls", defaultValue = "0", description = "ser.inference.model-calls: model calls running at once; 0: one per core "
            + "(default: ${DEFAULT-VALUE}).")
    int modelCalls;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle the pipeline runs, e.g. models/mpgln-mn04 (default: models/mpgln).")
    Path model;

    @Option(names = "--commit-interval", defaultValue = "PT0.1S", description = "Kafka Streams commit.interval.ms: how often exactly-once "
            + "transactions commit (default: ${DEFAULT-VALUE}).")
    Duration commitInterval;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("ser.home", "."));
        PrintStream out = System.out;
        LoadCalls audio = LoadCalls.from(home.resolve("../shared/corpora").normalize(), 300, 1);
        out.printf("audio: %s%n", audio.fromCorpora() ? "RAVDESS clips from ../shared/corpora" : "generated (no corpora found)");
        Map<String, Object> overrides = Map.of("ser.inference.max-batch", maxBatch, "ser.inference.max-wait", maxWait.toMillis() + "ms",
                "micronaut.server.port", -1, "ser.dashboard.enabled", false, "kafka.streams.default.num.stream.threads", threads,
                "kafka.streams.default.commit.interval.ms", commitInterval.toMillis(), "ser.inference.model-calls", modelCalls);
        List<String> rows = new ArrayList<>();
        try (EmbeddedDemo demo = EmbeddedDemo.start(new EmbeddedDemo.Settings(null, null, 0, 0, -1, partitions, model, overrides),
                new PrintStream(OutputStream.nullOutputStream()))) {
            InferenceEngine engine = demo.application().getBean(InferenceEngine.class);
            out.printf("model: %s %s%s%n", engine.manifest().name(), engine.manifest().version(),
                    engine.bundle().encoder().map(e -> " over encoder " + e.name()).orElse(" (its own extractor)"));
            LoadTest test = new LoadTest(demo, "ser-streams", audio, out);
            // A short warm-up, so JIT and the model's first runs do not count.
            test.run("warmup", 1, Duration.ofSeconds(10), 0);
            for (int n : capacityOnly ? List.<Integer>of() : calls) {
                LoadResult result = test.run("load" + n + "x" + System.currentTimeMillis() % 100000, n, duration, 1);
                rows.add(result.row());
                out.println(LoadResult.header());
                rows.forEach(out::println);
            }
            if (capacity || capacityOnly) {
                int n = calls.stream().mapToInt(Integer::intValue).max().orElse(1);
                List<SegmentInput> typical = BareInference.segmentsOf(engine, audio, duration.toMillis() / 1000.0);
                LoadResult saturated = test.run("capacity" + System.currentTimeMillis() % 100000, n, duration, 0);
                int batch = Math.max(1, (int) Math.round(saturated.meanBatch()));
                int callers = demo.application().getBean(InferenceSettings.class).modelCallLimit();
                double bare = BareInference.segmentsPerSecond(engine, typical, batch, 10, callers);
                out.printf(Locale.ROOT, "%ncapacity (%d calls replayed at full speed): pipeline %.1f events/s at mean batch %.1f; bare ONNX Runtime %.1f "
                        + "segments/s at batch %d from %d caller(s) at once in the same process; ratio %.2f%n", n, saturated.eventsPerSec(),
                        saturated.meanBatch(), bare, batch, callers, saturated.eventsPerSec() / bare);
                // The inference role alone, on every segment the runs left in audio.segments.
                for (int run = 1; run <= roleRuns; run++) {
                    InferenceCapacity.Result role = InferenceCapacity.measure(demo.bootstrapServers(), demo.registryUrl(), maxBatch,
                            commitInterval.toMillis(), modelCalls);
                    int roleBatch = Math.max(1, (int) Math.round(role.meanBatch()));
                    double bareSame = BareInference.segmentsPerSecond(engine, typical, roleBatch, 10, callers);
                    out.printf(Locale.ROOT, "inference role alone, run %d (a fresh inference-only instance over the %d records in audio.segments): "
                            + "%.1f segments/s at mean batch %.1f, model calls running at once %.2f on average (at most %d); bare ONNX Runtime at "
                            + "batch %d from %d caller(s) at once: %.1f segments/s; ratio %.2f%n", run, role.segments(), role.segmentsPerSecond(),
                            role.meanBatch(), role.modelBusy(), callers, roleBatch, callers, bareSame, role.segmentsPerSecond() / bareSame);
                }
            }
        }
        out.printf("%nmax-batch %d, max-wait %d ms, %d partitions, %d stream thread(s), model calls at once %s, commit interval %d ms, calls of %s%n",
                maxBatch, maxWait.toMillis(), partitions, threads, modelCalls == 0 ? "one per core" : modelCalls, commitInterval.toMillis(), duration);
        return 0;
    }
}
