package io.serstreams.featureextractor.encoder;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

/** Generated stand-ins for a release file, so download tests run without the real checkpoint. */
final class EncoderFiles {
    private EncoderFiles() {
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A release whose file is {@code content}. */
    static EncoderSpec specOf(byte[] content) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        return new EncoderSpec("test-encoder", URI.create("http://127.0.0.1:9/none"), sha, content.length, "test-encoder.bin");
    }

    /** Everything in {@code folder}, hidden partial files included. */
    static Stream<String> listing(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
