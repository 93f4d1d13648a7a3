package io.serstreams.modelserver.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.serstreams.featureextractor.encoder.EncoderException;
import io.serstreams.featureextractor.encoder.TensorShape;
import io.serstreams.featureextractor.encoder.TorchCheckpointReader;
import io.serstreams.featureextractor.encoder.TorchDtype;
import io.serstreams.featureextractor.encoder.TorchTensor;
import io.serstreams.modelserver.ort.OrtRuntime;
import io.serstreams.modelserver.testing.Mn04Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The converted mn04 graph in real ONNX Runtime against EfficientAT's own outputs ({@code ../shared/encoders/fixtures}). */
class Mn04OnnxGraphTest {
    static final List<String> CLIPS = Mn04Fixtures.CLIPS;

    private static Map<String, TorchTensor> stateDict;
    private static OrtSession session;

    /** One graph output per batch row. */
    record Outputs(float[][] logits, float[][] embedding, float[][][] frames) {
    }

    // Converted once for the class; per test, so that each is reported as skipped, with the reason, without the checkpoint.
    @BeforeEach
    void convertOnce() throws Exception {
        Path checkpoint = Mn04Fixtures.checkpoint();
        if (session == null) {
            stateDict = TorchCheckpointReader.read(checkpoint);
            byte[] graph = Mn04OnnxGraph.convert(stateDict, "mn04").toByteArray();
            session = OrtRuntime.environment().createSession(graph, new OrtSession.SessionOptions());
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void logitsAndEmbeddingMatchTheReferenceWithinTheFixturesTolerances(String clip) throws Exception {
        float[] logmel = Mn04Fixtures.floats(clip, "logmel");
        Outputs out = run(logmel, 1);

        assertThat(maxAbsDifference(out.logits()[0], Mn04Fixtures.floats(clip, "logits")))
                .isLessThanOrEqualTo(Mn04Fixtures.tolerance("logits (own network fed the fixture logmel)"));
        assertThat(maxAbsDifference(out.embedding()[0], Mn04Fixtures.floats(clip, "embedding")))
                .isLessThanOrEqualTo(Mn04Fixtures.tolerance("embedding (own network fed the fixture logmel)"));
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void topClassIsSpeechAsInTheReference(String clip) throws Exception {
        float[] logits = run(Mn04Fixtures.floats(clip, "logmel"), 1).logits()[0];
        int top = 0;
        for (int i = 1; i < logits.length; i++) {
            top = logits[i] > logits[top] ? i : top;
        }
        assertThat(Mn04Fixtures.labels().get(top)).isEqualTo("Speech");
        assertThat(top).isEqualTo(Mn04Fixtures.description().at("/clips/" + clip + "/top5/0/index").asInt());
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void framesHaveOneVectorPer32InputFramesAndAverageToTheEmbedding(String clip) throws Exception {
        float[] logmel = Mn04Fixtures.floats(clip, "logmel");
        int t = logmel.length / Mn04OnnxGraph.MEL_BANDS;
        Outputs out = run(logmel, 1);

        float[][] frames = out.frames()[0];
        assertThat(frames).hasNumberOfRows(384);
        assertThat(frames[0]).hasSize((t + 31) / 32);
        assertThat(frames[0].length).isEqualTo(Mn04Fixtures.description().at("/clips/" + clip + "/last_feature_map/2").asInt());
        // Every column averages the same 4 frequency rows, so the mean over columns is the mean over the whole map.
        for (int c = 0; c < 384; c++) {
            double sum = 0;
            for (float v : frames[c]) {
                sum += v;
            }
            assertThat(sum / frames[c].length).as("channel %d", c).isCloseTo(out.embedding()[0][c], within(1e-6));
        }
    }

    @Test
    void aBatchOfTheSameClipTwiceGivesTheSingleClipsResultInBothRows() throws Exception {
        float[] logmel = Mn04Fixtures.floats(CLIPS.get(0), "logmel");
        Outputs single = run(logmel, 1);
        float[] twice = new float[logmel.length * 2];
        System.arraycopy(logmel, 0, twice, 0, logmel.length);
        System.arraycopy(logmel, 0, twice, logmel.length, logmel.length);

        Outputs batch = run(twice, 2);

        for (int row = 0; row < 2; row++) {
            assertThat(maxAbsDifference(batch.logits()[row], single.logits()[0])).as("row %d", row).isLessThanOrEqualTo(1e-6);
            assertThat(maxAbsDifference(batch.embedding()[row], single.embedding()[0])).as("row %d", row).isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void oneSessionTakesClipsOfDifferentLengthInTurn() throws Exception {
        Outputs shortClip = run(Mn04Fixtures.floats("emodb_03a01Wa", "logmel"), 1);
        Outputs longClip = run(Mn04Fixtures.floats("korean_nea00001", "logmel"), 1);

        assertThat(shortClip.frames()[0][0]).hasSize(7);
        assertThat(longClip.frames()[0][0]).hasSize(19);
        assertThat(maxAbsDifference(longClip.logits()[0], Mn04Fixtures.floats("korean_nea00001", "logits")))
                .isLessThanOrEqualTo(Mn04Fixtures.tolerance("logits (own network fed the fixture logmel)"));
    }

    @Test
    void theGraphDeclaresDynamicBatchAndTime() throws Exception {
        TensorInfo input = (TensorInfo) session.getInputInfo().get(Mn04OnnxGraph.INPUT).getInfo();
        assertThat(input.getShape()).containsExactly(-1, 1, 128, -1);
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        assertThat(outputs.keySet()).containsExactly(Mn04OnnxGraph.LOGITS, Mn04OnnxGraph.EMBEDDING, Mn04OnnxGraph.FRAMES);
        assertThat(((TensorInfo) outputs.get(Mn04OnnxGraph.LOGITS).getInfo()).getShape()).containsExactly(-1, 527);
        assertThat(((TensorInfo) outputs.get(Mn04OnnxGraph.EMBEDDING).getInfo()).getShape()).containsExactly(-1, 384);
        assertThat(((TensorInfo) outputs.get(Mn04OnnxGraph.FRAMES).getInfo()).getShape()).containsExactly(-1, 384, -1);
    }

    @Test
    void refusesAStateDictThatIsNotMn04sNamingTheKey() {
        Map<String, TorchTensor> missing = new LinkedHashMap<>(stateDict);
        missing.remove("features.13.block.2.conc_se_layers.0.fc1.bias");
        assertThatThrownBy(() -> Mn04OnnxGraph.convert(missing, "other.pt")).isInstanceOf(EncoderException.class)
                .hasMessage("other.pt: not a mn04 checkpoint: features.13.block.2.conc_se_layers.0.fc1.bias (72) is missing");

        Map<String, TorchTensor> reshaped = new LinkedHashMap<>(stateDict);
        reshaped.put("classifier.5.bias", new TorchTensor(TorchDtype.FLOAT32, TensorShape.of(10), new float[10]));
        assertThatThrownBy(() -> Mn04OnnxGraph.convert(reshaped, "other.pt")).isInstanceOf(EncoderException.class)
                .hasMessageContaining("classifier.5.bias has shape 10, mn04 has 527");
    }

    private static Outputs run(float[] logmel, int batch) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        long t = logmel.length / batch / Mn04OnnxGraph.MEL_BANDS;
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(logmel), new long[]{batch, 1, Mn04OnnxGraph.MEL_BANDS, t});
             OrtSession.Result result = session.run(Map.of(Mn04OnnxGraph.INPUT, input))) {
            return new Outputs((float[][]) result.get(Mn04OnnxGraph.LOGITS).orElseThrow().getValue(),
                    (float[][]) result.get(Mn04OnnxGraph.EMBEDDING).orElseThrow().getValue(),
                    (float[][][]) result.get(Mn04OnnxGraph.FRAMES).orElseThrow().getValue());
        }
    }

    private static double maxAbsDifference(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
    }
}
