package io.serstreams.featureextractor.encoder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A pre-trained encoder's official release file: where it is published and how to recognise it.
 * The weights are never part of the repository; users fetch this file into their cache.
 *
 * @param name     short name used in messages and commands, e.g. {@code mn04}
 * @param release  the official download address
 * @param sha256   the release file's SHA-256, lower-case hex
 * @param size     the release file's length in bytes
 * @param fileName the file's name in the cache
 */
public record EncoderSpec(String name, URI release, String sha256, long size, String fileName) {

    /** EfficientAT mn04 trained on AudioSet (MIT, (c) 2022 Florian Schmid), see {@code ../shared/encoders/FACTS.md}. */
    public static final EncoderSpec MN04 = new EncoderSpec("mn04",
            URI.create("https://github.com/fschmid56/EfficientAT/releases/download/v0.0.1/mn04_as_mAP_432.pt"),
            "899a8c6217063f6941793102a2780b3dd788ab11fce468d9cf5f0577c453321c", 4_066_513L, "mn04_as_mAP_432.pt");

    public EncoderSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(fileName, "fileName");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("fileName must be a plain file name: " + fileName);
        }
    }

    /**
     * What makes {@code file} differ from this release file (its size, then its hash, both named
     * with the expected values); empty when it is the release file.
     */
    public Optional<String> mismatch(Path file) throws IOException {
        long actualSize = Files.size(file);
        String actualHash = Sha256.of(file);
        if (actualHash.equals(sha256) && actualSize == size) {
            return Optional.empty();
        }
        String sizes = actualSize == size ? String.format(Locale.ROOT, "%,d bytes", size)
                : String.format(Locale.ROOT, "%,d bytes, expected %,d", actualSize, size);
        return Optional.of("sha256 " + actualHash + ", expected " + sha256 + " (" + sizes + ")");
    }
}
