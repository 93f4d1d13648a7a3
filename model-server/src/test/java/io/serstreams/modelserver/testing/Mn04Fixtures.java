package io.serstreams.modelserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real mn04 checkpoint and its reference fixtures ({@code ../shared/encoders}, never committed):
 * the build points the encoder cache there. Tests that need them are reported as skipped, with the
 * reason, where they are absent.
 */
public final class Mn04Fixtures {
    /** The three fixture clips, in {@code fixtures.json}. */
    public static final List<String> CLIPS = List.of("emodb_03a01Wa", "ravdess_03-01-01-01-01-01-19", "korean_nea00001");

    private Mn04Fixtures() {
    }

    /** The verified checkpoint in the configured encoder cache. */
    public static Path checkpoint() {
        EncoderCache cache = EncoderCache.configured();
        Path file = cache.verified(EncoderSpec.MN04).orElse(null);
        Assumptions.assumeTrue(file != null, "mn04 checkpoint not present (or not verified) in the encoder cache " + cache.root() + " ("
                + cache.origin() + "); tests read it from ../shared/encoders");
        return file;
    }

    /** {@code fixtures/fixtures.json}. */
    public static JsonNode description() throws IOException {
        return new ObjectMapper().readTree(folder().resolve("fixtures.json").toFile());
    }

    /** {@code recommended_max_abs_tolerance} entry whose key starts with {@code prefix}. */
    public static double tolerance(String prefix) throws IOException {
        JsonNode tolerances = description().get("recommended_max_abs_tolerance");
        for (var names = tolerances.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith(prefix)) {
                return tolerances.get(name).asDouble();
            }
        }
        throw new IllegalStateException("fixtures.json has no tolerance for " + prefix);
    }

    /** A fixture file {@code <clip>.<kind>.f32} as floats. */
    public static float[] floats(String clip, String kind) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(folder().resolve(clip + "." + kind + ".f32"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    /** AudioSet's display names in logit order ({@code class_labels_indices.csv}). */
    public static List<String> labels() throws IOException {
        return Files.readAllLines(folder().resolveSibling("class_labels_indices.csv")).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> {
                    String name = l.substring(l.indexOf(',', l.indexOf(',') + 1) + 1);
                    return name.startsWith("\"") ? name.substring(1, name.length() - 1) : name;
                }).toList();
    }

    private static Path folder() {
        Path folder = Path.of(System.getProperty("shared.dir", "../../shared"), "encoders", "fixtures").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(folder), "mn04 fixtures not present: " + folder);
        return folder;
    }
}
