package io.serstreams.modelserver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a JVM of its own on the test class path, with its own temp directory and
 * ONNX Runtime cache under a folder of the test's, and the application's logging (to stderr).
 */
public final class JavaProcess {
    private JavaProcess() {
    }

    /** What a run left: its exit status and its standard output and error. */
    public record Result(int exit, String out, String err) {
        /** Exit status, error output and the last of standard output, for assertion messages. */
        public String describe() {
            return "exit " + exit + "\nstderr:\n" + err + "\nstdout (end):\n" + out.substring(Math.max(0, out.length() - 2000));
        }
    }

    /** The folder the run uses as {@code java.io.tmpdir}. */
    public static Path tmpDir(Path base) {
        return base.resolve("tmp");
    }

    /** The folder the run uses as its ONNX Runtime cache root. */
    public static Path cacheRoot(Path base) {
        return base.resolve("ort-cache");
    }

    /** Runs {@code main} with {@code args} and waits for it, at most {@code timeoutSeconds}. */
    public static Result run(Path base, List<String> jvmOptions, String main, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(tmpDir(base));
        // The class path in an argument file, as ./ser passes it: the process's command line is then
        // the options and arguments of the run alone.
        Path classPath = base.resolve("classpath.args");
        Files.writeString(classPath, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + classPath,
                "-Djava.io.tmpdir=" + tmpDir(base),
                "-Dser.onnxruntime.cache=" + cacheRoot(base),
                // The application's logging (stderr), not the tests' (stdout).
                "-Dlogback.configurationFile=logback.xml"));
        command.addAll(jvmOptions);
        command.add(main);
        command.addAll(args);
        Path out = Files.createTempFile(base, "out", ".txt");
        Path err = Files.createTempFile(base, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(main + " did not finish within " + timeoutSeconds + " s:\n" + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
