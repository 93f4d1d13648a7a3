package io.serstreams.streamprocessor.cli;

import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.testkit.TestRegistry;
import io.serstreams.streamprocessor.replay.WavFileWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ser replay} against a registry or broker that is not there: one line naming which and why, before anything is sent. */
class ReplayCommandTest {
    @TempDir
    Path dir;

    private Path call;
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void oneShortCall() {
        call = dir.resolve("short-call.wav");
        float[] tone = new float[16000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.2 * Math.sin(2 * Math.PI * 220 * i / 16000.0));
        }
        WavFileWriter.write(call, 16000, new float[][]{tone}, false);
    }

    /** A port nothing listens on: bound to find a free one, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private int replay(String... args) {
        CommandLine cli = SerStreamsCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void anUnreachableRegistryIsNamedWithTheReason() throws IOException {
        int registryPort = closedPort();
        int brokerPort = closedPort();
        int code = replay("--registry", "http://127.0.0.1:" + registryPort, "--bootstrap", "127.0.0.1:" + brokerPort, "--speed", "max", call.toString());
        assertThat(code).isNotZero();
        assertThat(err.toString().strip()).isEqualTo("ser replay: schema registry http://127.0.0.1:" + registryPort + " unreachable: Connection refused");
    }

    @Test
    void anUnreachableBrokerIsNamedWithTheReason() throws IOException {
        int brokerPort = closedPort();
        try (SchemaRegistryServer registry = TestRegistry.start()) {
            int code = replay("--registry", registry.url(), "--bootstrap", "127.0.0.1:" + brokerPort, "--speed", "max", call.toString());
            assertThat(code).isNotZero();
            assertThat(err.toString().strip()).isEqualTo("ser replay: Kafka broker 127.0.0.1:" + brokerPort + " unreachable: Connection refused");
        }
    }

    @Test
    void anUnknownHostIsNamed() {
        int code = replay("--registry", "http://no-such-registry.invalid:8081", call.toString());
        assertThat(code).isNotZero();
        assertThat(err.toString().strip()).isEqualTo("ser replay: schema registry http://no-such-registry.invalid:8081 unreachable: unknown host no-such-registry.invalid");
    }

    @Test
    void theHelpShowsExamples() {
        StringWriter out = new StringWriter();
        CommandLine replay = SerStreamsCli.commandLine().getSubcommands().get("replay");
        replay.setOut(new PrintWriter(out, true));
        replay.usage(replay.getOut());
        assertThat(out.toString()).contains("Examples:").contains("./ser replay call.wav");
    }
}
