package io.serstreams.modelserver.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes a model bundle folder (and optionally its zip): the manifest and the graphs it names. */
public final class BundleWriter {
    private BundleWriter() {
    }

    /**
     * @param graphs ONNX bytes by file name, as the manifest's graph specs name them
     */
    public static Path write(Path dir, ModelManifest manifest, Map<String, byte[]> graphs) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(ModelManifest.FILE), ModelBundle.json().writeValueAsBytes(manifest));
            for (Map.Entry<String, byte[]> graph : graphs.entrySet()) {
                Files.write(dir.resolve(graph.getKey()), graph.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the model bundle to " + dir, e);
        }
    }

    /** Zips a bundle folder's files (flat) into {@code zip}. */
    public static Path zip(Path dir, Path zip) {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file);
             var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException("could not zip " + dir + " into " + zip, e);
        }
    }
}
