package io.serstreams.schemas.repository;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository holds only what the project wrote or trained itself: no tracked audio, no
 * third-party weights (see {@link ForbiddenFiles}). This module's tests always run, so the check
 * runs with every build of a git checkout.
 */
class RepositoryContentsTest {

    @Test
    void gitTracksNoAudioAndNoThirdPartyWeights() throws Exception {
        Optional<Path> root = gitRoot();
        Assumptions.assumeTrue(root.isPresent(), "not a git checkout (or no git on the PATH): the tracked files cannot be listed, so they are not checked");
        List<String> refused = new ArrayList<>();
        for (String path : run(root.get(), "git", "ls-files", "-z").split("\0")) {
            Path file = root.get().resolve(path);
            if (!path.isEmpty() && Files.isRegularFile(file)) {
                ForbiddenFiles.reason(path, head(file)).ifPresent(reason -> refused.add(path + ": " + reason));
            }
        }
        assertThat(refused).as("tracked files the repository must not hold (remove them with git rm; the demo builds its calls under target/)").isEmpty();
    }

    @Test
    void audioIsRefusedByNameOrContentAndWeightsOutsideModels() {
        byte[] text = "# notes\n".getBytes(StandardCharsets.US_ASCII);
        byte[] wave = "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII);
        assertThat(ForbiddenFiles.reason("samples/support-call.wav", text)).hasValue("audio file (.wav)");
        assertThat(ForbiddenFiles.reason("corpus/Actor_01/03-01-01-01-01-01-01.FLAC", text)).hasValue("audio file (.flac)");
        assertThat(ForbiddenFiles.reason("docs/call.mp3", text)).isPresent();
        assertThat(ForbiddenFiles.reason("docs/clip.pcm", text)).isPresent();
        assertThat(ForbiddenFiles.reason("docs/notes.txt", wave)).hasValue("audio content (RIFF WAVE) under another name");
        assertThat(ForbiddenFiles.reason("docs/x.dat", "fLaC\0\0\0\"".getBytes(StandardCharsets.US_ASCII))).isPresent();
        assertThat(ForbiddenFiles.reason("models/mpgln/heads.onnx", text)).isEmpty();
        assertThat(ForbiddenFiles.reason("trainer/vggish.onnx", text)).hasValue("model weights (.onnx) outside models/");
        assertThat(ForbiddenFiles.reason("models/vggish/vggish.pt", text)).hasValue("model weights (.pt)");
        assertThat(ForbiddenFiles.reason("trainer/checkpoint.ckpt", text)).isPresent();
        assertThat(ForbiddenFiles.reason("README.md", text)).isEmpty();
        // A bundle with fine-tuned mn04 blocks (ser train --fine-tune-blocks) carries the changed mn04 tensors in
        // model-server's EncoderTensorFile.FILE: refused even under models/, so such a bundle cannot be committed.
        assertThat(ForbiddenFiles.reason("models/mpgln-mn04-finetuned/encoder-fine-tuned.bin", text)).hasValue("model weights (.bin)");
        assertThat(ForbiddenFiles.reason("target/models/adaptation-mpgl-mn04-embedding-finetuned1/encoder-fine-tuned.bin", text)).isPresent();
        assertThat(ForbiddenFiles.reason("stream-processor/src/main/speech/synthesise.mjs", "import x".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    private static Optional<Path> gitRoot() {
        try {
            String top = run(Path.of("").toAbsolutePath(), "git", "rev-parse", "--show-toplevel").strip();
            return top.isEmpty() ? Optional.empty() : Optional.of(Path.of(top));
        } catch (IOException | IllegalStateException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed in " + dir);
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(16);
        }
    }
}
