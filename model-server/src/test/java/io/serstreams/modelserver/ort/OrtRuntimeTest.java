package io.serstreams.modelserver.ort;

import io.serstreams.modelserver.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared ONNX Runtime environment, started in JVMs of their own (a JVM starts it once). */
class OrtRuntimeTest {
    @TempDir
    Path dir;

    /** Starts the environment, says so, and dies without the JVM's exit hooks, as a crashed or killed run would. */
    public static final class StartAndDie {
        public static void main(String[] args) {
            System.out.println("started with " + OrtRuntime.environment() + " after " + args.length + " arguments");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }

    private JavaProcess.Result startAndDie(List<String> args) throws Exception {
        return JavaProcess.run(dir, List.of(), StartAndDie.class.getName(), args, 120);
    }

    private List<String> onnxRuntimeTempFolders() throws Exception {
        try (Stream<Path> left = Files.list(JavaProcess.tmpDir(dir))) {
            return left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("onnxruntime-java")).toList();
        }
    }

    @Test
    void startsUnderACommandLineOfHalfAMebibyte() throws Exception {
        // A per-argument limit of 128 KiB: eight of 64 KiB. The stack this needs (about 135 MiB) is far past any fixed default.
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            args.add(String.valueOf((char) ('a' + i)).repeat(64 * 1024));
        }
        JavaProcess.Result run = startAndDie(args);
        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(run.out()).contains("started with").contains("after 8 arguments");
    }

    @Test
    void aRunThatDiesLeavesNothingInTheTempDirectory() throws Exception {
        JavaProcess.Result run = startAndDie(List.of());
        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(run.out()).contains("started with");
        assertThat(onnxRuntimeTempFolders()).isEmpty();
    }

    @Test
    void theStackGrowsWithTheCommandLine() {
        // Measured: about 257 bytes of stack per byte of command line; the rule gives twice that.
        assertThat(OrtRuntime.stackBytes(0)).isEqualTo(OrtRuntime.BASE_STACK_BYTES);
        assertThat(OrtRuntime.stackBytes(2L << 20)).isGreaterThanOrEqualTo(2 * 257L * (2L << 20));
    }
}
