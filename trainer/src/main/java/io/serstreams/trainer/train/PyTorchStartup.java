package io.serstreams.trainer.train;

/**
 * What DJL's PyTorch engine is told before it loads.
 *
 * <p>The trainer ships PyTorch's CPU build only ({@code pytorch-native-cpu}), so whether the machine
 * has a GPU changes nothing it does. DJL nevertheless asks the CUDA runtime for the GPU count when
 * the engine loads, in this process, and logs a warning when the answer is an error: on a machine
 * with the CUDA runtime installed but no NVIDIA driver (a CPU-only machine with the toolkit), that
 * is two "Failed to detect GPU count: CUDA driver version is insufficient for CUDA runtime version"
 * lines on every run. With {@code ai.djl.util.cuda.fork} DJL asks in a short-lived child JVM that
 * answers with the count alone, so the probe no longer talks on our standard error, and nothing
 * the trainer logs itself, nor any error of the engine, is silenced. A value the user set wins.
 */
public final class PyTorchStartup {
    static final String FORK_GPU_PROBE = "ai.djl.util.cuda.fork";

    private PyTorchStartup() {
    }

    /** Applies the settings; call before anything touches DJL's engine. */
    public static void prepare() {
        if (System.getProperty(FORK_GPU_PROBE) == null) {
            System.setProperty(FORK_GPU_PROBE, "true");
        }
    }
}
