package io.serstreams.streamprocessor.dashboard;

import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.testing.SampleCalls;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser: the embedded demo (broker, registry, application) replays a
 * sample call in real time; headless Chromium opens the page, sees the call appear, opens it, and
 * watches the customer's timeline grow, and finds the call's tenant in the domain profiles panel.
 * The screenshot goes to target/dashboard.png.
 */
class DashboardBrowserTest {

    @Test
    void aCallAppearsAndItsTimelineGrowsInTheBrowser() throws Exception {
        Path chromium = BrowserTools.chromium();
        Path driver = BrowserTools.playwright();
        Path screenshot = Path.of("target/dashboard.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        try (EmbeddedDemo demo = EmbeddedDemo.start(new EmbeddedDemo.Settings(null, null, 0, 0, 0, 2,
                Path.of("../models/mpgln")), new PrintStream(OutputStream.nullOutputStream()))) {
            CallRecording call = CallRecording.load(SampleCalls.escalatingCall(), "browser-test-call", 200,
                    io.serstreams.schema.AudioEncoding.PCM16LE, new io.serstreams.schema.DeclaredDomain("browser-tenant", null, null), Instant.now());
            CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> {
                try {
                    demo.replay(List.of(call), 1.5, CallReplayer.Progress.NONE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String result = BrowserTools.run(driver, 240, "node", "dashboard.mjs", "http://127.0.0.1:" + demo.httpPort() + "/", "browser-test-call",
                    screenshot.toString(), chromium.toString(), "tenant=browser-tenant");
            replay.join();
            String json = result.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(() -> new AssertionError("no result from the browser:\n" + result));
            var values = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            assertThat(values.get("calls").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(values.get("laterPoints").asInt()).isGreaterThan(values.get("firstPoints").asInt());
            assertThat(values.get("connection").asText()).isEqualTo("live");
            assertThat(values.get("domains").asInt()).as("the call's tenant in the domain profiles panel").isGreaterThanOrEqualTo(1);
        }
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }
}
