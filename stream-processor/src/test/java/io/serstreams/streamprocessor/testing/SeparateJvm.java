package io.serstreams.streamprocessor.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A main class run in a JVM of its own on the tests' class path, as a user's shell would run it:
 * for behaviour JUnit's JVM hides (Micronaut deduces a test environment inside JUnit and then
 * never calls {@code System.exit}).
 */
public final class SeparateJvm {
    private SeparateJvm() {
    }

    /** How the JVM ended: its exit status and what it wrote. */
    public record Exit(int status, String out, String err) {
    }

    /**
     * Runs {@code mainClass} with {@code jvmOptions} and {@code args}, its output in files under
     * {@code dir}; fails the test when it has not ended within {@code bound}.
     */
    public static Exit run(Path dir, Duration bound, List<String> jvmOptions, Class<?> mainClass, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add(mainClass.getName());
        command.addAll(args);
        Path out = dir.resolve("jvm-out.txt");
        Path err = dir.resolve("jvm-err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // On the environment, not the command line: ONNX Runtime crashes under a long command line.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process process = builder.start();
        boolean ended = process.waitFor(bound.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String errText = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(ended).as("%s still ran after %s; its standard error:%n%s", mainClass.getSimpleName(), bound, errText).isTrue();
        return new Exit(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errText);
    }
}
