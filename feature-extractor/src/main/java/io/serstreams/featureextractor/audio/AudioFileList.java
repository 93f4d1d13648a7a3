package io.serstreams.featureextractor.audio;

import io.serstreams.schemas.errors.ErrorText;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The audio files a command was given, for every command that takes recordings ({@code classify},
 * {@code replay}, the demo): each argument is a file (taken as it is, whatever its name), a folder
 * (its {@code .wav} and {@code .flac} files, searched recursively and sorted by path, hidden files and
 * folders skipped), {@code @LIST} (a text file naming one file or folder per line; blank lines and lines
 * starting with {@code #} are skipped) or {@code -} (such a list read from standard input).
 *
 * <p>Every problem is an {@link IllegalArgumentException} whose message names the argument and what is
 * wrong, in one line.
 */
public final class AudioFileList {
    private AudioFileList() {
    }

    /** The files named by {@code arguments}, with {@code -} read from {@link System#in}. */
    public static List<Path> expand(List<Path> arguments) {
        return expand(arguments, System.in);
    }

    /** The files named by {@code arguments}, with {@code -} read from {@code stdin}. */
    public static List<Path> expand(List<Path> arguments, InputStream stdin) {
        List<Path> files = new ArrayList<>();
        for (Path argument : arguments) {
            String name = argument.toString();
            if (name.equals("-")) {
                addListed(files, read(stdin, "standard input"), "standard input");
            } else if (name.startsWith("@") && name.length() > 1) {
                Path list = Path.of(name.substring(1));
                addListed(files, read(list), "@" + list);
            } else {
                add(files, argument);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no audio files given");
        }
        return files;
    }

    private static void addListed(List<Path> files, List<String> lines, String source) {
        boolean named = false;
        for (String line : lines) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            named = true;
            add(files, Path.of(entry));
        }
        if (!named) {
            throw new IllegalArgumentException(source + ": the list names no files (one file or folder per line)");
        }
    }

    private static void add(List<Path> files, Path path) {
        if (Files.isDirectory(path)) {
            List<Path> found = audioFilesUnder(path);
            if (found.isEmpty()) {
                throw new IllegalArgumentException(path + ": no .wav or .flac files in this folder or below it");
            }
            files.addAll(found);
        } else if (Files.isRegularFile(path)) {
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException(path + ": cannot be read (permission denied)");
            }
            files.add(path);
        } else if (Files.exists(path)) {
            throw new IllegalArgumentException(path + ": neither a file nor a folder");
        } else {
            throw new IllegalArgumentException(path + ": no such file or folder");
        }
    }

    private static List<Path> audioFilesUnder(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> !hiddenBelow(folder, p))
                    .filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(wav|flac)"))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new IllegalArgumentException(folder + ": cannot search this folder: " + describe(cause));
        }
    }

    // Hidden entries below the folder are skipped: "._call.wav" files that macOS leaves beside copied
    // recordings look like WAV files by name but hold no audio.
    private static boolean hiddenBelow(Path folder, Path path) {
        for (Path part : folder.relativize(path)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> read(Path list) {
        try {
            return Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("@" + list + ": cannot read this file list: " + describe(e));
        }
    }

    private static List<String> read(InputStream in, String source) {
        try {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(source + ": cannot read the file list: " + describe(e.getCause()));
        }
    }

    private static String describe(IOException e) {
        return e instanceof CharacterCodingException ? "not a UTF-8 text file" : ErrorText.problem(e);
    }
}
