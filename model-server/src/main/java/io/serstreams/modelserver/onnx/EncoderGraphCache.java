package io.serstreams.modelserver.onnx;

import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.featureextractor.encoder.EncoderException;
import io.serstreams.featureextractor.encoder.EncoderSpec;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Encoder graphs converted by our own converter from the fetched checkpoint, kept next to it in the
 * encoder cache, outside the repository: {@code <cache>/converted/<name>-<sha256 prefix>-v<converter version>.onnx}.
 * A graph is built on first use and written atomically, so a reader sees a whole file or none;
 * a new checkpoint or converter version gets a file of its own.
 *
 * @param cache            the encoder cache holding the checkpoint
 * @param workingDirectory where the process runs: when it is inside a git repository, no graph is written into that
 *                         repository
 */
public record EncoderGraphCache(EncoderCache cache, Path workingDirectory) {
    /** The folder under the cache root that holds converted graphs. */
    public static final String FOLDER = "converted";
    private static final int HASH_PREFIX = 12;

    public EncoderGraphCache {
        Objects.requireNonNull(cache, "cache");
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** The cache this process is configured for ({@link EncoderCache#configured()}), run from the current folder. */
    public static EncoderGraphCache configured() {
        return new EncoderGraphCache(EncoderCache.configured(), Path.of(System.getProperty("user.dir")));
    }

    /** Where {@code spec}'s converted graph is (or would be). */
    public Path fileOf(EncoderSpec spec) {
        return cache.root().resolve(FOLDER).resolve(spec.name() + "-" + spec.sha256().substring(0, HASH_PREFIX) + "-v"
                + Mn04OnnxGraph.CONVERTER_VERSION + ".onnx");
    }

    /**
     * {@code spec}'s converted graph, converting the verified checkpoint first when it is absent.
     *
     * @throws EncoderException in one line naming what to do: the checkpoint is not in the cache, there is no converter
     *                          for {@code spec}, the cache folder is inside a git repository, or the file cannot be written
     */
    public Path graph(EncoderSpec spec) {
        if (!spec.equals(EncoderSpec.MN04)) {
            throw new EncoderException("no ONNX converter for encoder " + spec.name() + "; the converter knows " + EncoderSpec.MN04.name());
        }
        Path file = fileOf(spec);
        if (Files.isRegularFile(file)) {
            return file;
        }
        refuseInsideRepository(file.getParent());
        Path checkpoint = cache.require(spec);
        byte[] graph = Mn04OnnxGraph.fromCheckpoint(checkpoint).toByteArray();
        write(file, graph);
        return file;
    }

    // The converted graph holds the checkpoint's weights, which must never be committed (../shared/encoders/README.md).
    // Only the repository the process runs in counts: a git-managed home folder above ~/.cache is not the project.
    private void refuseInsideRepository(Path folder) {
        for (Path p = workingDirectory; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                if (folder.startsWith(p)) {
                    throw new EncoderException("the encoder cache " + cache.root() + " (" + cache.origin() + ") is inside the git repository "
                            + p + ", where a converted encoder (the checkpoint's weights) must not be written; set " + EncoderCache.ROOT_PROPERTY
                            + " or " + EncoderCache.ROOT_ENV + " to a folder outside it");
                }
                return;
            }
        }
    }

    private static void write(Path file, byte[] bytes) {
        Path folder = file.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, "." + file.getFileName(), ".partial");
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new EncoderException("cannot write the converted encoder graph " + file + ": " + e, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the move failed and so may this; the next conversion makes a new temporary file
                }
            }
        }
    }
}
