package io.serstreams.streamprocessor.cli;

import io.micronaut.context.ApplicationContext;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroSerializer;
import io.serstreams.streamprocessor.app.SerStreamsApplication;
import io.serstreams.streamprocessor.console.EventConsole;
import io.serstreams.streamprocessor.embedded.EmbeddedEnvironment;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/**
 * {@code ser demo}: the whole system on one machine. An in-process KRaft broker and schema
 * registry (or an existing cluster with {@code --bootstrap}), the application with both roles and
 * the shipped model, the bundled sample calls replayed in real time, and a line per emotion event
 * and per alert.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run SER Streams end to end on this machine: embedded Kafka (KRaft) and schema registry, both topologies with the shipped "
                + "model, the sample calls replayed live; prints every emotion event and alert. Runs until Ctrl-C (or --run-for).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", description = "Use this Kafka cluster instead of the embedded broker (then --registry too).")
    String bootstrap;

    @Option(names = "--registry", description = "Schema registry of the --bootstrap cluster (default: http://localhost:8081).")
    String registryUrl;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Embedded broker port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Embedded registry port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--http-port", defaultValue = "8090", description = "Port of the application's HTTP API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions per pipeline topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--samples", paramLabel = "DIR", description = "Calls to replay (default: samples/ in the project).")
    Path samples;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle (default: models/mpgln).")
    Path model;

    @Option(names = "--run-for", description = "Stop by itself after this long, e.g. PT90S (default: until Ctrl-C).")
    Duration runFor;

    @Mixin
    ReplayOptions replay = new ReplayOptions();

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
        }
        double speed = replay.speedFactor();
        Path home = Path.of(System.getProperty("ser.home", "."));
        List<Path> files = ReplayOptions.audioFiles(List.of(samples != null ? samples : home.resolve("samples")));
        PrintStream out = System.out;
        // Ctrl-C: the shutdown hook closes everything in order (console, application, broker).
        Thread hook = new Thread(this::closeAll, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String servers = bootstrap;
            String registry = registryUrl != null ? registryUrl : "http://localhost:8081";
            if (bootstrap == null) {
                out.println("Starting the embedded Kafka broker (KRaft) and schema registry...");
                env = EmbeddedEnvironment.start(kafkaPort, registryPort, partitions);
                servers = env.bootstrapServers();
                registry = env.registryUrl();
                out.println("  Kafka broker     " + servers);
                out.println("  Schema registry  " + registry);
            }
            out.println("Starting the application (features + inference)...");
            Map<String, Object> props = new HashMap<>();
            props.put("kafka.bootstrap.servers", servers);
            props.put("ser.pipeline.registry-url", registry);
            props.put("ser.pipeline.partitions", partitions);
            props.put("micronaut.server.port", httpPort);
            props.put("kafka.streams.default.state.dir", Files.createTempDirectory("ser-demo-state").toString());
            if (model != null) {
                props.put("ser.model.path", model.toAbsolutePath().toString());
            }
            app = SerStreamsApplication.start(props);
            awaitRunning(app.getBean(KafkaStreams.class), Duration.ofSeconds(60));
            SchemaRegistryClient registryClient = app.getBean(SchemaRegistryClient.class);
            console = new EventConsole(Map.of("bootstrap.servers", servers), registryClient, out).start();
            out.println("  HTTP API         http://127.0.0.1:" + httpPort + "/v1/calls   /health   /prometheus");
            out.println();

            List<CallRecording> calls = replay.load(files);
            out.printf("Replaying %d sample call(s) %s: %s%n", calls.size(), speed == 0 ? "at full speed" : speed == 1 ? "in real time" : "at " + speed + "x",
                    calls.stream().map(CallRecording::callId).toList());
            out.println();
            ConfluentAvroSerializer<AudioChunk> serializer = new ConfluentAvroSerializer<>(registryClient);
            serializer.configure(Map.of(), false);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ReplayCommand.producerProps(servers), new StringSerializer(),
                    new ByteArraySerializer())) {
                new CallReplayer(producer, serializer, EventTopic.AUDIO_CHUNKS.topicName()).replay(calls, speed, CallReplayer.Progress.NONE);
            }
            Thread.sleep(3000);
            out.printf("%nReplay done: %d emotion events and %d alerts so far. Query http://127.0.0.1:%d/v1/calls; %s%n", console.printedEvents(),
                    console.printedAlerts(), httpPort, runFor == null ? "Ctrl-C stops." : "stopping after " + runFor + " in all.");
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

    private final long started = System.currentTimeMillis();
    private EmbeddedEnvironment env;
    private ApplicationContext app;
    private EventConsole console;

    private synchronized void closeAll() {
        if (console != null) {
            console.close();
            console = null;
        }
        if (app != null) {
            app.close();
            app = null;
        }
        if (env != null) {
            env.close();
            env = null;
        }
    }

    static void awaitRunning(KafkaStreams streams, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the streams application did not start: state " + streams.state());
            }
            Thread.sleep(100);
        }
    }
}
