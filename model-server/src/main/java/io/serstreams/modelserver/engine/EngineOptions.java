package io.serstreams.modelserver.engine;

import java.util.Locale;

/**
 * How the engine runs its graphs.
 *
 * @param device         {@code cuda} to use the CUDA execution provider when present (falling back to the CPU with
 *                       one log line saying why), {@code cpu} never to try it
 * @param intraOpThreads ONNX Runtime threads per graph run; 0 lets it choose
 * @param warmUp         run one batch at start, so the first real request does not pay for initialisation
 */
public record EngineOptions(Device device, int intraOpThreads, boolean warmUp) {

    /** Where inference runs. */
    public enum Device {
        CPU, CUDA;

        public static Device parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown device '" + name + "': use cpu or cuda");
            }
        }
    }

    public EngineOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be 0 (automatic) or more, not " + intraOpThreads);
        }
    }

    public static EngineOptions cpu() {
        return new EngineOptions(Device.CPU, 0, true);
    }
}
