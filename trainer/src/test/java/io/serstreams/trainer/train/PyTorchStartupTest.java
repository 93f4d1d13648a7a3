package io.serstreams.trainer.train;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PyTorch engine, loaded the way {@code ser train} loads it, says nothing about CUDA on a
 * machine without a GPU. It runs in a fresh JVM: DJL probes for a GPU once, when the engine first
 * loads, and this test JVM may have loaded it already. On a machine with the CUDA runtime but no
 * NVIDIA driver (as the build machines are), the engine warned twice before the fix.
 */
class PyTorchStartupTest {

    /** The child: prepares the engine as {@code TrainerCli.main} does, loads it and computes 1 + 1. */
    public static void main(String[] args) {
        PyTorchStartup.prepare();
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            System.out.println("engine " + manager.getEngine().getEngineName() + " on " + manager.getDevice() + ": 1 + 1 = "
                    + manager.create(1f).add(1f).getFloat());
        }
    }

    @Test
    void theEngineLoadsWithoutCudaWarnings() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        for (String property : List.of("ai.djl.offline", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add(PyTorchStartupTest.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("engine PyTorch on cpu()").contains("1 + 1 = 2.0");
        assertThat(output).doesNotContainIgnoringCase("cuda").doesNotContain("GPU count");
    }
}
