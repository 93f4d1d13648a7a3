package io.serstreams.modelserver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.modelserver.testing.JavaProcess;
import io.serstreams.modelserver.testing.Speech;
import io.serstreams.modelserver.testing.Wavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ser classify} in a JVM of its own, as a user runs it: a command line of 500 absolute paths
 * (ONNX Runtime's environment creation used to overflow the main thread's stack past about 4 KB of
 * command line), with the shipped model, and ONNX Runtime's native libraries from the cache rather
 * than a new temp folder per run.
 */
class LongCommandLineTest {
    private static final String CLI = "io.serstreams.modelserver.cli.ModelServerCli";
    private static final Path SHIPPED_MODEL = Path.of("..", "models", "mpgln").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void classifiesFiveHundredFilesGivenAsAbsolutePaths() throws Exception {
        Path clips = Files.createDirectories(dir.resolve("recordings-of-the-support-line"));
        byte[] wav = Wavs.pcm16(Speech.voiceFor(170, 16000 * 3 / 2, 3));
        List<String> args = new ArrayList<>(List.of("classify", "--model", SHIPPED_MODEL.toString()));
        for (int i = 0; i < 500; i++) {
            Path clip = clips.resolve(String.format("caller-%03d.wav", i)).toAbsolutePath();
            Files.write(clip, wav);
            args.add(clip.toString());
        }
        assertThat(String.join(" ", args).length()).as("command line bytes").isGreaterThan(20_000);

        JavaProcess.Result run = JavaProcess.run(dir, List.of(), CLI, args, 300);

        assertThat(run.exit()).as(run.describe()).isZero();
        List<JsonNode> files = fileResults(run.out());
        assertThat(files).as(run.describe()).hasSize(500);
        assertThat(files.stream().map(f -> f.path("file").asText())).containsExactlyElementsOf(args.subList(3, args.size()));
        assertThat(files).allSatisfy(f -> assertThat(f.path("segments").asInt()).isPositive());
    }

    @Test
    void runsLoadOnnxRuntimeFromTheCacheAndLeaveNothingInTheTempDirectory() throws Exception {
        Path clip = dir.resolve("call.wav");
        Files.write(clip, Wavs.pcm16(Speech.voiceFor(150, 16000 * 2, 8)));
        List<String> args = List.of("classify", "--model", SHIPPED_MODEL.toString(), clip.toString());

        JavaProcess.Result first = JavaProcess.run(dir, List.of(), CLI, args, 120);
        assertThat(first.exit()).as(first.describe()).isZero();
        assertThat(first.err()).contains("native libraries extracted to");
        Path library = onlyCacheFolder().resolve("libonnxruntime.so");
        assertThat(library).isRegularFile();
        assertThat(library.getParent().resolve("libonnxruntime4j_jni.so")).isRegularFile();
        Object written = Files.readAttributes(library, "unix:ino").get("ino");

        JavaProcess.Result second = JavaProcess.run(dir, List.of(), CLI, args, 120);
        assertThat(second.exit()).as(second.describe()).isZero();
        assertThat(fileResults(second.out())).hasSize(1);
        assertThat(second.err()).doesNotContain("extracted");
        assertThat(Files.readAttributes(library, "unix:ino").get("ino")).as("the cached library was not written again").isEqualTo(written);

        try (Stream<Path> left = Files.list(JavaProcess.tmpDir(dir))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("left in java.io.tmpdir").noneMatch(n -> n.startsWith("onnxruntime-java"));
        }
    }

    @Test
    void aCacheThatCannotBeWrittenIsReportedAndTheRunStillWorks() throws Exception {
        Path clip = dir.resolve("call.wav");
        Files.write(clip, Wavs.pcm16(Speech.voiceFor(150, 16000 * 2, 8)));
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "a file where the cache should be");

        JavaProcess.Result run = JavaProcess.run(dir, List.of("-Dser.onnxruntime.cache=" + notAFolder.resolve("cache")), CLI,
                List.of("classify", "--model", SHIPPED_MODEL.toString(), clip.toString()), 120);

        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(fileResults(run.out())).hasSize(1);
        assertThat(run.err()).contains("native libraries cannot be cached in " + notAFolder.resolve("cache"))
                .contains("SER_ONNXRUNTIME_CACHE");
    }

    private Path onlyCacheFolder() throws Exception {
        try (Stream<Path> folders = Files.list(JavaProcess.cacheRoot(dir))) {
            List<Path> all = folders.toList();
            assertThat(all).hasSize(1);
            assertThat(all.get(0).getFileName().toString()).matches("\\d+\\.\\d+\\.\\d+-linux-x64");
            return all.get(0);
        }
    }

    private static List<JsonNode> fileResults(String out) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> files = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                if (node.path("type").asText().equals("file")) {
                    files.add(node);
                }
            }
        }
        return files;
    }
}
