package io.serstreams.trainer.cli;

import io.serstreams.modelserver.bundle.ModelManifest;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --write} and {@code --write-to} of the commands that store what they fitted on validation speakers in a bundle
 * ({@code ser calibrate}: the temperature; {@code ser ood}: the out-of-domain threshold).
 */
final class StoreOptions {
    @Option(names = "--write", description = "Store what was fitted in the measured bundle's manifest and card.")
    boolean write;

    @Option(names = "--write-to", paramLabel = "DIR", description = "Store it in this bundle's manifest and card instead: the model trained with the same "
            + "settings on all train speakers (the measured one was trained with --validation, its validation speakers unseen).")
    Path writeTo;

    boolean storing() {
        return write || writeTo != null;
    }

    /** The bundle that gets what was fitted on {@code measured}. */
    Path target(Path measured) {
        return writeTo != null ? writeTo : measured;
    }

    /** Fails in one line when a measured bundle, or the one written to, is no bundle folder. */
    void requireBundles(List<Path> measured) {
        List<Path> all = new ArrayList<>(measured);
        if (writeTo != null) {
            all.add(writeTo);
        }
        for (Path dir : all) {
            if (!Files.isRegularFile(dir.resolve(ModelManifest.FILE))) {
                throw new IllegalArgumentException(dir + ": not a bundle folder (no " + ModelManifest.FILE + ")");
            }
        }
    }

    /** These options as typed, for a report's reproducing command. */
    String arguments() {
        return (write ? " --write" : "") + (writeTo == null ? "" : " --write-to " + writeTo);
    }
}
