package io.serstreams.featureextractor.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared data ({@code ../shared}): fixtures and research corpora, never committed.
 * Tests that check against it run wherever it is present (CI has it).
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        return Path.of(System.getProperty("shared.dir", "../../shared")).toAbsolutePath().normalize();
    }

    /** A path under the shared folder; the calling test is reported as skipped, not passed, where it is absent. */
    public static Path require(String relative) {
        Path path = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(path), "shared data not present: " + path);
        return path;
    }
}
