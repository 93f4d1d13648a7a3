package io.serstreams.featureextractor.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.featureextractor.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EfficientAtFrontEnd} against EfficientAT's own front end, on the fixtures in
 * ../shared/encoders/fixtures: the exact 32 kHz model input of three corpus clips, the reference
 * log-mel computed from it, and the float32 mel matrix. Shapes and tolerances come from fixtures.json.
 */
class EfficientAtFixtureTest {
    private static final String FIXTURES = "encoders/fixtures";
    private static final String LOGMEL_TOLERANCE = "logmel (own float32 front end from input.f32)";
    /**
     * The formula evaluated in double, as MelFilterBank does, is up to 1.3e-5 from torchaudio's float32
     * evaluation (FACTS.md); a wrong detail (Hz-linear triangles, fmax 16 kHz, area normalisation) is off by 1e-2 or more.
     */
    private static final double MEL_MATRIX_TOLERANCE = 2e-5;

    private static JsonNode spec() throws IOException {
        return new ObjectMapper().readTree(SharedData.require(FIXTURES).resolve("fixtures.json").toFile());
    }

    /** A raw float32 little-endian file of the shape fixtures.json gives it. */
    private static float[] floats(String name, JsonNode file) throws IOException {
        assertThat(file.path("dtype").asText()).isEqualTo("float32 LE");
        long expected = 1;
        for (JsonNode dimension : file.path("shape")) {
            expected *= dimension.asLong();
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(SharedData.require(FIXTURES).resolve(name))).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        assertThat((long) values.length).as(name + " elements").isEqualTo(expected);
        return values;
    }

    @Test
    void melMatrixMatchesTheReferenceMatrix() throws IOException {
        JsonNode file = spec().path("shared_files").path("melbank.f32");
        float[] expected = floats("melbank.f32", file);
        MelFilterBank bank = EfficientAtFrontEnd.melFilterBank();
        assertThat(file.path("shape").get(0).asInt()).isEqualTo(bank.bands());
        int bins = file.path("shape").get(1).asInt();
        assertThat(bins).isEqualTo(bank.bins());
        double worst = 0;
        for (int m = 0; m < bank.bands(); m++) {
            for (int k = 0; k < bins; k++) {
                worst = Math.max(worst, Math.abs(expected[m * bins + k] - bank.weight(k, m)));
            }
        }
        System.err.printf("EfficientAT mel matrix: largest difference %.2e%n", worst);
        assertThat(worst).isLessThan(MEL_MATRIX_TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"emodb_03a01Wa", "ravdess_03-01-01-01-01-01-19", "korean_nea00001"})
    void logMelMatchesTheReferenceWithinItsTolerance(String clip) throws IOException {
        JsonNode spec = spec();
        JsonNode files = spec.path("clips").path(clip).path("files");
        float[] input = floats(clip + ".input.f32", files.path(clip + ".input.f32"));
        JsonNode logMelFile = files.path(clip + ".logmel.f32");
        float[] expected = floats(clip + ".logmel.f32", logMelFile);
        int bands = logMelFile.path("shape").get(0).asInt();
        int frames = logMelFile.path("shape").get(1).asInt();

        float[][] actual = EfficientAtFrontEnd.logMel(input);

        assertThat(actual).hasNumberOfRows(bands);
        assertThat(EfficientAtFrontEnd.frameCount(input.length)).isEqualTo(frames).isEqualTo(spec.path("clips").path(clip).path("frames").asInt());
        double worst = 0;
        for (int b = 0; b < bands; b++) {
            assertThat(actual[b]).hasSize(frames);
            for (int t = 0; t < frames; t++) {
                worst = Math.max(worst, Math.abs(actual[b][t] - expected[b * frames + t]));
            }
        }
        double tolerance = spec.path("recommended_max_abs_tolerance").path(LOGMEL_TOLERANCE).asDouble();
        System.err.printf("%s: EfficientAT log-mel largest difference %.2e (tolerance %.0e)%n", clip, worst, tolerance);
        assertThat(tolerance).isPositive();
        assertThat(worst).isLessThanOrEqualTo(tolerance);
    }
}
