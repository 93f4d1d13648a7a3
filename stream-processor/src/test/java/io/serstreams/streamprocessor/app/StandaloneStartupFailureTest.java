package io.serstreams.streamprocessor.app;

import io.serstreams.streamprocessor.testing.SeparateJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The application started on its own (as in its container) that cannot start ends with one line and status 1, not Micronaut's stack block. */
class StandaloneStartupFailureTest {
    @TempDir
    Path dir;

    @Test
    void anUnreachableRegistryIsOneLine() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SeparateJvm.Exit exit = SeparateJvm.run(dir, Duration.ofSeconds(30), List.of(
                "-Dser.pipeline.registry-url=http://127.0.0.1:" + closed,
                "-Dser.model.path=" + Path.of("../models/mpgln").toAbsolutePath(),
                "-Dmicronaut.server.port=-1",
                "-Dkafka.streams.default.state.dir=" + dir.resolve("state")), SerStreamsApplication.class, List.of());
        assertThat(exit.status()).as(exit.err()).isEqualTo(1);
        // Micronaut's own handling logged the whole stack (to standard output under the tests' logging).
        assertThat(exit.out() + exit.err()).doesNotContain("Error starting Micronaut server").doesNotContain("\tat ");
        assertThat(exit.err().lines().filter(line -> !line.contains(" INFO "))).as(exit.err()).singleElement().asString()
                .startsWith("ser-streams: schema registry http://127.0.0.1:" + closed + " unreachable: Connection refused: start it, or set ser.pipeline.registry-url");
    }
}
