package io.serstreams.featureextractor.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Our front end against the reference VGGish log-mel output in ../shared/fixtures/vggish-logmel. */
class VggishLogMelFixtureTest {

    private static float[][] csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        float[][] rows = new float[lines.size()][];
        for (int i = 0; i < rows.length; i++) {
            String[] cells = lines.get(i).split(",");
            rows[i] = new float[cells.length];
            for (int j = 0; j < cells.length; j++) {
                rows[i][j] = Float.parseFloat(cells[j].trim());
            }
        }
        return rows;
    }

    @Test
    void melMatrixMatchesTheReference() throws IOException {
        Path dir = SharedData.require("fixtures/vggish-logmel");
        float[][] expected = csv(dir.resolve("mel_matrix.csv"));
        MelFilterBank bank = new FrameAnalyzer(FeatureConfig.DEFAULT).melFilterBank();
        assertThat(expected).hasNumberOfRows(bank.bins());
        double worst = 0;
        for (int k = 0; k < bank.bins(); k++) {
            assertThat(expected[k]).hasSize(bank.bands());
            for (int b = 0; b < bank.bands(); b++) {
                worst = Math.max(worst, Math.abs(expected[k][b] - bank.weight(k, b)));
            }
        }
        assertThat(worst).isLessThan(1e-6);
    }

    @Test
    void logMelMatchesTheReferenceWithinItsTolerance() throws IOException {
        Path dir = SharedData.require("fixtures/vggish-logmel");
        JsonNode spec = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        DecodedAudio audio = AudioFiles.read(dir.resolve("input.wav"));
        assertThat(audio.sampleRate()).isEqualTo(spec.path("sample_rate").asInt());
        assertThat(audio.frames()).isEqualTo(spec.path("input_samples").asInt());

        float[][] expected = csv(dir.resolve("logmel.csv"));
        float[][] actual = new LogMelFrontEnd(FeatureConfig.DEFAULT).logMel(audio.channels()[0]);
        assertThat(actual.length).isEqualTo(spec.path("frames").asInt()).isEqualTo(expected.length);
        assertThat(actual.length / FeatureConfig.DEFAULT.patchFrames()).isEqualTo(spec.path("patches").asInt());
        double worst = 0;
        for (int f = 0; f < actual.length; f++) {
            assertThat(actual[f]).hasSize(spec.path("mel_bands").asInt());
            for (int b = 0; b < actual[f].length; b++) {
                worst = Math.max(worst, Math.abs(actual[f][b] - expected[f][b]));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(spec.path("tolerance_abs").asDouble());
    }
}
