package io.serstreams.featureextractor.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Runs code with System.out replaced, to see what the process's standard output would carry. */
public final class StdoutCapture {
    private StdoutCapture() {
    }

    /** What an action returned, and what was written to System.out meanwhile. */
    public record Captured<T>(T value, String stdout) {
    }

    public static <T> Captured<T> of(Supplier<T> action) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            T value = action.get();
            System.out.flush();
            return new Captured<>(value, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
