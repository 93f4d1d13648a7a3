package io.serstreams.modelserver.onnx;

import ai.onnxruntime.OrtSession;
import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.featureextractor.encoder.EncoderException;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.modelserver.ort.OrtRuntime;
import io.serstreams.modelserver.testing.Mn04Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncoderGraphCacheTest {
    @TempDir
    Path dir;

    private EncoderGraphCache cacheWithCheckpoint() throws Exception {
        Path root = Files.createDirectories(dir.resolve("encoders"));
        Files.copy(Mn04Fixtures.checkpoint(), root.resolve(EncoderSpec.MN04.fileName()));
        // Run from this module, inside the project's repository: a cache outside it is still written.
        return new EncoderGraphCache(new EncoderCache(root, "test"), Path.of(""));
    }

    @Test
    void convertsOnFirstUseIntoTheCacheAndLoadsInOnnxRuntime() throws Exception {
        EncoderGraphCache cache = cacheWithCheckpoint();

        Path graph = cache.graph(EncoderSpec.MN04);

        assertThat(graph).isEqualTo(dir.resolve("encoders/converted/mn04-899a8c621706-v" + Mn04OnnxGraph.CONVERTER_VERSION + ".onnx"));
        try (Stream<Path> files = Files.list(graph.getParent())) {
            assertThat(files).containsExactly(graph); // no temporary file left behind
        }
        try (OrtSession session = OrtRuntime.environment().createSession(graph.toString(), new OrtSession.SessionOptions())) {
            assertThat(session.getOutputNames()).containsExactly(Mn04OnnxGraph.LOGITS, Mn04OnnxGraph.EMBEDDING, Mn04OnnxGraph.FRAMES);
        }
    }

    @Test
    void reusesTheConvertedGraphAndRebuildsItWhenAbsent() throws Exception {
        EncoderGraphCache cache = cacheWithCheckpoint();
        Path graph = cache.graph(EncoderSpec.MN04);
        byte[] first = Files.readAllBytes(graph);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(graph, old);

        assertThat(cache.graph(EncoderSpec.MN04)).isEqualTo(graph);
        assertThat(Files.getLastModifiedTime(graph)).isEqualTo(old);

        Files.delete(graph);
        assertThat(cache.graph(EncoderSpec.MN04)).isEqualTo(graph);
        assertThat(Files.readAllBytes(graph)).isEqualTo(first);
    }

    @Test
    void refusesToWriteIntoTheRepositoryItRunsIn() throws Exception {
        Path repository = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repository.resolve(".git"));
        Path module = Files.createDirectories(repository.resolve("model-server"));
        EncoderCache inside = new EncoderCache(repository.resolve("cache"), "environment variable " + EncoderCache.ROOT_ENV);

        assertThatThrownBy(() -> new EncoderGraphCache(inside, module).graph(EncoderSpec.MN04))
                .isInstanceOf(EncoderException.class)
                .hasMessage("the encoder cache " + repository.resolve("cache") + " (environment variable SER_ENCODER_CACHE) is inside the git repository "
                        + repository + ", where a converted encoder (the checkpoint's weights) must not be written; set ser.encoder.cache"
                        + " or SER_ENCODER_CACHE to a folder outside it");
        assertThat(repository.resolve("cache")).doesNotExist();
    }

    @Test
    void withoutTheCheckpointSaysHowToFetchIt() {
        EncoderGraphCache empty = new EncoderGraphCache(new EncoderCache(dir.resolve("empty"), "test"), dir);

        assertThatThrownBy(() -> empty.graph(EncoderSpec.MN04)).isInstanceOf(EncoderException.class)
                .hasMessageContaining("mn04 is not in the encoder cache").hasMessageContaining("./ser encoder fetch");
        assertThat(dir.resolve("empty")).doesNotExist();
    }
}
