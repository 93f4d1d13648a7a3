package io.serstreams.streamprocessor.cli;

import io.serstreams.streamprocessor.embedded.EmbeddedEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code ser demo}: the embedded broker and registry, with the pipeline's topics and schemas. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an in-process Kafka broker (KRaft) and schema registry on 127.0.0.1, create the pipeline's topics "
                + "and register the event schemas; runs until Ctrl-C (or --run-for).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions per pipeline topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--run-for", description = "Stop by itself after this long, e.g. PT30S (default: until Ctrl-C).")
    Duration runFor;

    @Override
    public Integer call() throws InterruptedException {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
        }
        PrintStream out = System.out;
        out.println("Starting the SER Streams embedded environment...");
        EmbeddedEnvironment env = EmbeddedEnvironment.start(kafkaPort, registryPort, partitions);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            env.close();
            stopped.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        out.println();
        out.println("  Kafka broker     " + env.bootstrapServers() + "   (KRaft, single node, data in " + env.broker().dataDir() + ")");
        out.println("  Schema registry  " + env.registryUrl() + "   (Confluent REST API; schemas kept in topic _schemas)");
        out.println("  Topics");
        env.topics().forEach((topic, parts) -> out.printf("    %-22s %d partitions%n", topic, parts));
        out.println("  Subjects");
        env.schemaIds().forEach((subject, id) -> out.printf("    %-28s schema id %d%n", subject, id));
        out.println();
        out.println("  Try:  curl " + env.registryUrl() + "/subjects");
        out.println("        curl " + env.registryUrl() + "/schemas/ids/1");
        out.println();
        out.println("The emotion pipeline itself is not wired in yet; this run provides its broker, registry and topics.");
        out.println(runFor == null ? "Press Ctrl-C to stop." : "Stopping by itself after " + runFor + ".");
        out.flush();

        if (runFor != null) {
            if (!stopped.await(runFor.toMillis(), TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                env.close();
                out.println("Stopped.");
            }
        } else {
            stopped.await();
        }
        return 0;
    }
}
