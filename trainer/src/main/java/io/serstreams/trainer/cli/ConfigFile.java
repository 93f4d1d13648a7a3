package io.serstreams.trainer.cli;

import io.serstreams.schemas.errors.ErrorText;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code --config} properties file whose values stand in for options not typed on the command
 * line: key {@code steps} for {@code --steps}, {@code hold-out} for {@code --hold-out}. A key that
 * names no option of the command is an error, so a typo cannot silently fall back to a default.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {
    private final Properties values;

    private ConfigFile(Properties values) {
        this.values = values;
    }

    /** Reads {@code file} and checks its keys against {@code command}'s options. */
    static ConfigFile load(Path file, CommandSpec command) {
        Properties values = new Properties();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--config " + file + ": is a directory, not a properties file");
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            values.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            // Properties.load throws IllegalArgumentException on a malformed unicode escape.
            throw new IllegalArgumentException("--config " + file + ": " + ErrorText.problem(e));
        }
        Set<String> known = new TreeSet<>();
        for (OptionSpec option : command.options()) {
            known.add(key(option));
        }
        known.removeAll(Set.of("config", "help", "version"));
        for (String key : values.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("--config " + file + ": '" + key + "' is not an option of ser " + command.name() + " (known: "
                        + String.join(", ", known) + ")");
            }
        }
        return new ConfigFile(values);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        return argument instanceof OptionSpec option ? values.getProperty(key(option)) : null;
    }

    private static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** The file named by {@code --config FILE} or {@code --config=FILE} in {@code args}, or null. */
    static Path named(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }
}
