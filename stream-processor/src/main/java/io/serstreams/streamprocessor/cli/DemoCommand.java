package io.serstreams.streamprocessor.cli;

import io.serstreams.streamprocessor.console.EventConsole;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.replay.DemoCalls;
import io.serstreams.streamprocessor.replay.SpeechSynthesiser;
import io.serstreams.streamprocessor.replay.TurnVoices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ser demo}: the whole system on one machine. An in-process KRaft broker and schema
 * registry (or an existing cluster with {@code --bootstrap}), the application with both roles and
 * the shipped model, the demo's calls (or the user's, with {@code --calls}) replayed in real time,
 * and a line per emotion event and per alert.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run SER Streams end to end on this machine: embedded Kafka (KRaft) and schema registry, both topologies with the shipped "
                + "model, two support calls replayed live; prints every emotion event and alert, serves the dashboard. Runs until Ctrl-C (or --run-for).",
                "The calls are built at first run under target/demo-calls: from RAVDESS test speakers (--corpus DIR, else ../shared/corpora when "
                        + "present), else synthesised with eSpeak NG (the model's labels on synthetic speech mean little). --calls DIR replays your own "
                        + "recordings instead."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./ser demo --kafka-port 0 --registry-port 0 --http-port 0 --run-for PT90S",
                "  ./ser demo --calls ~/recordings --speed 2   # stereo WAV/FLAC, agent left",
                "  ./ser demo --corpus ~/RAVDESS               # Actor_01 ... Actor_24 inside"})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", description = "Use this Kafka cluster instead of the embedded broker (then --registry too).")
    String bootstrap;

    @Option(names = "--registry", description = "Schema registry of the --bootstrap cluster (default: http://localhost:8081).")
    String registryUrl;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Embedded broker port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Embedded registry port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--http-port", defaultValue = "8090", description = "Port of the dashboard and HTTP API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions per pipeline topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--calls", paramLabel = "DIR", description = "Replay these recordings (WAV or FLAC files in DIR) instead of the demo's calls.")
    Path calls;

    @Option(names = "--corpus", paramLabel = "DIR", description = "Build the demo's calls from this RAVDESS copy, in its original layout "
            + "(default: the corpora beside the project when present, else synthesised speech).")
    Path corpus;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle (default: models/mpgln).")
    Path model;

    @Option(names = "--run-for", description = "Stop by itself after this long, e.g. PT90S (default: until Ctrl-C).")
    Duration runFor;

    @Mixin
    ReplayOptions replay = new ReplayOptions();

    private final long started = System.currentTimeMillis();
    private EmbeddedDemo demo;
    private EventConsole console;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
        }
        double speed = replay.speedFactor();
        List<Path> files = callFiles(System.err);
        // Standard output carries the results (an event or alert a line); what the demo is doing goes to stderr.
        PrintStream out = System.out;
        PrintStream status = System.err;
        // Ctrl-C: the shutdown hook closes everything in order (console, application, broker).
        Thread hook = new Thread(this::closeAll, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            start(new EmbeddedDemo.Settings(bootstrap, registryUrl, kafkaPort, registryPort, httpPort, partitions, model), status, out);
            int port = demo.httpPort();
            status.println("  Dashboard        http://127.0.0.1:" + port + "/   (API: /v1/calls, /v1/stream; /health, /prometheus)");
            status.println();
            List<CallRecording> calls = replay.load(files);
            status.printf("Replaying %d call(s) %s: %s%n%n", calls.size(), speed == 0 ? "at full speed" : speed == 1 ? "in real time" : "at " + speed + "x",
                    calls.stream().map(CallRecording::callId).toList());
            demo.replay(calls, speed, CallReplayer.Progress.NONE);
            Thread.sleep(3000);
            status.printf("%nReplay done: %d emotion events and %d alerts so far. The dashboard keeps them: http://127.0.0.1:%d/  %s%n",
                    console.printedEvents(), console.printedAlerts(), port, runFor == null ? "Ctrl-C stops." : "Stopping after " + runFor + " in all.");
            if (runFor == null) {
                new CountDownLatch(1).await();
            } else {
                Thread.sleep(Math.max(0, runFor.toMillis() - (System.currentTimeMillis() - started)));
            }
            return 0;
        } finally {
            closeAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    /** The recordings to replay: the user's (--calls), else the demo's calls, built at first run; where they came from goes to {@code log}. */
    private List<Path> callFiles(PrintStream log) {
        if (calls != null && corpus != null) {
            throw new IllegalArgumentException("give --calls DIR (your recordings) or --corpus DIR (the corpus to build the demo's calls from), not both");
        }
        if (calls != null) {
            if (!Files.isDirectory(calls)) {
                throw new IllegalArgumentException("--calls " + calls + ": no such folder");
            }
            List<Path> files = ReplayOptions.audioFiles(List.of(calls));
            log.println("demo calls: your recordings in " + calls);
            return files;
        }
        Path home = Path.of(System.getProperty("ser.home", "."));
        TurnVoices voices = DemoCalls.voices(corpus, DemoCalls.corporaBeside(home));
        List<Path> files = DemoCalls.prepare(voices, DemoCalls.folderIn(home), false, log);
        log.println("demo calls: " + voices.provenance() + (voices instanceof SpeechSynthesiser
                ? " (no corpus found); the model's labels on synthetic speech mean little" : "") + "; in " + files.get(0).getParent());
        return files;
    }

    private synchronized void start(EmbeddedDemo.Settings settings, PrintStream status, PrintStream out) {
        demo = EmbeddedDemo.start(settings, status);
        console = new EventConsole(Map.of("bootstrap.servers", demo.bootstrapServers()), demo.registry(), out).start();
    }

    private synchronized void closeAll() {
        if (console != null) {
            console.close();
            console = null;
        }
        if (demo != null) {
            demo.close();
            demo = null;
        }
    }
}
