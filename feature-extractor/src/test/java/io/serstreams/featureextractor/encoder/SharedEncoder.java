package io.serstreams.featureextractor.encoder;

import io.serstreams.featureextractor.testing.SharedData;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real mn04 checkpoint for tests: read from the encoder cache, which the build points at
 * {@code ../shared/encoders} (surefire's {@code ser.encoder.cache}). Tests that need it are reported as
 * skipped, with the reason, where it is absent.
 */
final class SharedEncoder {
    private SharedEncoder() {
    }

    /** The verified checkpoint. */
    static Path mn04() {
        EncoderCache cache = EncoderCache.configured();
        Path file = cache.verified(EncoderSpec.MN04).orElse(null);
        Assumptions.assumeTrue(file != null, "mn04 checkpoint not present (or not verified) in the encoder cache " + cache.root() + " ("
                + cache.origin() + "); tests read it from ../shared/encoders");
        return file;
    }

    /** {@code STATE_DICT.tsv}'s rows (key, shape, dtype, numel, storage file, storage class), without its header. */
    static List<String[]> stateDictRows() throws IOException {
        Path tsv = SharedData.require("encoders/STATE_DICT.tsv");
        return Files.readAllLines(tsv).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t")).toList();
    }
}
