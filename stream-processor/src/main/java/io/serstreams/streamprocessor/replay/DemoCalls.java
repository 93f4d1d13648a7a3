package io.serstreams.streamprocessor.replay;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo's calls, built once per source and kept: a user's RAVDESS copy, else the research
 * corpora beside the project, else speech synthesised on this machine. Nothing of a corpus is
 * shipped; the calls live in a build folder ({@code target/demo-calls}) and are reused by later runs.
 */
public final class DemoCalls {
    private static final String COMPLETE = ".complete";

    private DemoCalls() {
    }

    /** The research corpora beside the project ({@code ../shared/corpora}), or the folder the {@code ser.corpora} system property names. */
    public static Path corporaBeside(Path projectHome) {
        String configured = System.getProperty("ser.corpora");
        return configured != null ? Path.of(configured) : projectHome.resolve("../shared/corpora").normalize();
    }

    /** Where the demo keeps the calls it built: the project's (git-ignored) {@code target/demo-calls}. */
    public static Path folderIn(Path projectHome) {
        return projectHome.resolve("target/demo-calls");
    }

    /**
     * Where the turns come from: {@code corpus} (a RAVDESS copy) when given, else the RAVDESS copy
     * in {@code corpora} when there is one, else eSpeak NG.
     */
    public static TurnVoices voices(Path corpus, Path corpora) {
        if (corpus != null) {
            return RavdessTurns.in(corpus);
        }
        return RavdessTurns.presentIn(corpora) ? RavdessTurns.in(corpora) : SpeechSynthesiser.installed();
    }

    /**
     * The calls spoken by {@code voices}, in a folder of {@code root} named after the source: built
     * now when no earlier run left them there (or when {@code rebuild}), else reused.
     */
    public static synchronized List<Path> prepare(TurnVoices voices, Path root, boolean rebuild, PrintStream log) {
        Path folder = root.resolve(voices.key() + "-" + Integer.toHexString(SampleCallAssembler.scripts().toString().hashCode()));
        try {
            if (rebuild || !Files.exists(folder.resolve(COMPLETE))) {
                Files.createDirectories(root);
                Path building = Files.createTempDirectory(root, voices.key() + "-building-");
                try {
                    log.println("demo calls: " + (rebuild ? "building them" : "first run, building them") + " (" + voices.provenance() + ") in " + folder
                            + " (later runs reuse them)...");
                    SampleCallAssembler.assemble(voices, building, new PrintStream(OutputStream.nullOutputStream()));
                    Files.createFile(building.resolve(COMPLETE));
                    delete(folder);
                    move(building, folder);
                } finally {
                    delete(building);
                }
            }
            try (Stream<Path> files = Files.list(folder)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".wav")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's calls under " + root + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
