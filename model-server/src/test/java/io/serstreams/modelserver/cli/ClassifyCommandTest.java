package io.serstreams.modelserver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.modelserver.testing.Speech;
import io.serstreams.modelserver.testing.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifyCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, List<JsonNode> lines, String err) {
    }

    private Run run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ModelServerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        return new Run(exit, lines, err.toString());
    }

    /** A stereo 16-bit WAV: the agent talks first, the customer after. */
    private Path stereoCall() throws Exception {
        float[] agent = new float[16000 * 6];
        float[] customer = new float[16000 * 6];
        System.arraycopy(Speech.voiceFor(130, 16000 * 3, 1), 0, agent, 0, 16000 * 3);
        System.arraycopy(Speech.voiceFor(220, 16000 * 3, 2), 0, customer, 16000 * 3, 16000 * 3);
        ByteBuffer data = ByteBuffer.allocate(agent.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < agent.length; i++) {
            data.putShort((short) (agent[i] * 32767)).putShort((short) (customer[i] * 32767));
        }
        ByteBuffer wav = ByteBuffer.allocate(44 + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + data.capacity()).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(16000).putInt(64000).putShort((short) 4).putShort((short) 16)
                .put("data".getBytes()).putInt(data.capacity()).put(data.array());
        Path file = dir.resolve("call.wav");
        Files.write(file, wav.array());
        return file;
    }

    @Test
    void printsAJsonLinePerSegmentAndOnePerFile() throws Exception {
        Path bundle = TestBundles.small(dir.resolve("bundle"));
        Path call = stereoCall();
        Run run = run("classify", "--model", bundle.toString(), call.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> segments = run.lines().stream().filter(l -> l.path("type").asText().equals("segment")).toList();
        JsonNode file = run.lines().get(run.lines().size() - 1);
        assertThat(file.path("type").asText()).isEqualTo("file");
        assertThat(file.path("channels").asInt()).isEqualTo(2);
        assertThat(file.path("segments").asInt()).isEqualTo(segments.size());
        assertThat(segments.stream().map(s -> s.path("channel").asInt()).distinct()).containsExactlyInAnyOrder(0, 1);
        // The agent's speech is in the first half, the customer's in the second.
        assertThat(segments.stream().filter(s -> s.path("channel").asInt() == 0)).allSatisfy(s -> assertThat(s.path("startMs").asLong()).isLessThan(3000));
        assertThat(segments.stream().filter(s -> s.path("channel").asInt() == 1)).allSatisfy(s -> assertThat(s.path("endMs").asLong()).isGreaterThan(3000));
        JsonNode first = segments.get(0);
        assertThat(first.path("probabilities").size()).isEqualTo(4);
        assertThat(first.path("arousal").path("score").asDouble()).isBetween(-1.0, 1.0);
        assertThat(first.path("domain").has("outOfDomain")).isTrue();
        assertThat(first.path("model").asText()).startsWith("mpgln-test");
        // The file's emotion distribution is the mean of its segments'.
        double meanAngry = segments.stream().mapToDouble(s -> s.path("probabilities").path("angry").asDouble()).average().orElseThrow();
        assertThat(file.path("probabilities").path("angry").asDouble()).isCloseTo(meanAngry, org.assertj.core.data.Offset.offset(2e-4));
    }

    @Test
    void errorsAreOneReadableLine() throws Exception {
        Run missing = run("classify", "--model", dir.resolve("no-bundle").toString(), "x.wav");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no-bundle: no model bundle here");

        Path bundle = TestBundles.small(dir.resolve("bundle"));
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "hello");
        Run bad = run("classify", "--model", bundle.toString(), text.toString(), stereoCall().toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("notes.wav: unsupported audio format");
        // The good file after the bad one was still classified.
        assertThat(bad.lines()).anySatisfy(l -> assertThat(l.path("type").asText()).isEqualTo("file"));
        assertThat(run("classify", "--model", bundle.toString(), "--device", "tpu", text.toString()).err()).contains("unknown device 'tpu'");
    }
}
