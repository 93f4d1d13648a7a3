package io.serstreams.streamprocessor.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the browser test needs, installed by the test itself: Debian's Chromium (apt-get, as root)
 * and playwright-core from npm (into target/, cached there).
 */
final class BrowserTools {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private BrowserTools() {
    }

    static Path chromium() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            run(Path.of("."), 900, "apt-get", "install", "-y", "-q", "chromium");
        }
        if (!Files.isExecutable(CHROMIUM)) {
            run(Path.of("."), 300, "apt-get", "update", "-q");
            run(Path.of("."), 900, "apt-get", "install", "-y", "-q", "chromium");
        }
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("no Chromium at " + CHROMIUM + " and apt-get could not install it (the test needs root, or "
                    + "'apt-get install chromium' beforehand)");
        }
        return CHROMIUM;
    }

    /** A folder holding the driver script and node_modules/playwright-core. */
    static Path playwright() throws Exception {
        Path dir = Path.of("target/browser-test").toAbsolutePath();
        Files.createDirectories(dir);
        Files.copy(Path.of("src/test/browser/dashboard.mjs"), dir.resolve("dashboard.mjs"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            Files.writeString(dir.resolve("package.json"), "{\"name\":\"ser-dashboard-browser-test\",\"private\":true,\"type\":\"module\"}");
            run(dir, 300, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "playwright-core@1");
        }
        return dir;
    }

    /** Runs a command; returns its output; fails with the output when it fails. */
    static String run(Path dir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeoutSeconds + " s");
        }
        String text = new String(output);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + text);
        }
        return text;
    }
}
