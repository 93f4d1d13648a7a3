package io.serstreams.streamprocessor.cli;

import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.testkit.TestRegistry;
import io.serstreams.streamprocessor.testing.SampleCalls;
import io.serstreams.streamprocessor.testing.SeparateJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ser demo} against a cluster that is not there ends by itself, with one line naming what
 * is missing. It runs in a JVM of its own, as from a shell: inside JUnit, Micronaut never calls
 * {@code System.exit}, the call that used to hang the demo (its shutdown hook waited on the lock
 * the failing start held).
 */
class DemoStartupFailureTest {
    @TempDir
    Path dir;

    @Test
    void anUnreachableRegistryEndsTheDemoWithOneLine() throws Exception {
        int closed = closedPort();
        SeparateJvm.Exit exit = demo("--bootstrap", "127.0.0.1:" + closedPort(), "--registry", "http://127.0.0.1:" + closed, "--http-port", "0");
        assertThat(failureLine(exit)).startsWith("ser demo: schema registry http://127.0.0.1:" + closed + " unreachable: Connection refused");
    }

    @Test
    void anUnreachableBrokerEndsTheDemoWithOneLine() throws Exception {
        int closed = closedPort();
        try (SchemaRegistryServer registry = TestRegistry.start()) {
            SeparateJvm.Exit exit = demo("--bootstrap", "127.0.0.1:" + closed, "--registry", registry.url(), "--http-port", "0");
            assertThat(failureLine(exit)).startsWith("ser demo: Kafka broker 127.0.0.1:" + closed + " unreachable: Connection refused");
        }
    }

    @Test
    void aDashboardPortInUseIsNamedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            SeparateJvm.Exit exit = demo("--kafka-port", "0", "--registry-port", "0", "--http-port", Integer.toString(port));
            assertThat(failureLine(exit)).isEqualTo("ser demo: port " + port + " on 127.0.0.1 is already in use; stop what holds it or choose another port"
                    + " (0 picks a free one)");
            assertThat(exit.out() + exit.err()).doesNotContain("Starting the embedded Kafka broker");
        }
    }

    /**
     * The one line after the demo's note on where its calls come from (and, once the model has
     * loaded, the line naming the model and encoder, and the lines saying what starts): nothing else reaches standard error.
     */
    private static String failureLine(SeparateJvm.Exit exit) {
        assertThat(exit.status()).as(exit.err()).isEqualTo(1);
        assertThat(exit.out() + exit.err()).doesNotContain("Error starting Micronaut server").doesNotContain("\tat ");
        // What the demo is doing goes to stderr too ("Starting the application...", indented addresses): leave it out.
        List<String> lines = exit.err().lines().filter(line -> !line.startsWith("ser: model ") && !line.startsWith("Starting ")
                && !line.startsWith("  ") && !line.isBlank()).toList();
        assertThat(lines).as(exit.err()).hasSize(2);
        assertThat(lines.get(0)).startsWith("demo calls: your recordings in ");
        return lines.get(1);
    }

    /** {@code ser demo ARGS} on one recording with the shipped model; it must end within 30 s. */
    private SeparateJvm.Exit demo(String... args) throws IOException, InterruptedException {
        Path calls = Files.createDirectories(dir.resolve("calls"));
        Files.copy(SampleCalls.friendlyCall(), calls.resolve("call.wav"));
        List<String> command = new ArrayList<>(List.of("demo", "--calls", calls.toString(), "--speed", "max",
                "--model", Path.of("../models/mpgln").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return SeparateJvm.run(dir, Duration.ofSeconds(30), List.of(), SerStreamsCli.class, command);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
