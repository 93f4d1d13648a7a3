package io.serstreams.modelserver.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A {@link DomainProfile} as a JSON file, which {@code ser classify --domain-profile} saves and loads. */
public final class DomainProfileFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private DomainProfileFile() {
    }

    /**
     * Writes {@code profile} to {@code file}, replacing it.
     *
     * @throws IllegalArgumentException in one line naming the file, when it cannot be written
     */
    public static void write(DomainProfile profile, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JSON.writeValueAsString(profile) + "\n");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the domain profile " + file + ": " + e.getMessage());
        }
    }

    /**
     * The profile in {@code file}.
     *
     * @throws IllegalArgumentException in one line naming the file and what is wrong with it
     */
    public static DomainProfile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("domain profile " + file + " does not exist (make one with --adapt FILE... --domain-profile " + file + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the domain profile " + file + ": " + e.getMessage());
        }
        try {
            DomainProfile profile = JSON.readValue(text, DomainProfile.class);
            if (profile == null) {
                throw new IllegalArgumentException("domain profile " + file + " is empty");
            }
            return profile;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("domain profile " + file + " is not a profile ser classify wrote: " + firstLine(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("domain profile " + file) ? e
                    : new IllegalArgumentException("domain profile " + file + ": " + e.getMessage());
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
