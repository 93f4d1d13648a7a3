package io.serstreams.modelserver.cli;

import io.serstreams.modelserver.engine.EngineOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by the commands that load a model. */
final class ModelOptions {
    /** Where the shipped model lives, relative to the project root the launcher passes as ser.home. */
    static final String SHIPPED_MODEL = "models/mpgln";

    @Option(names = "--model", paramLabel = "DIR|ZIP", description = "Model bundle (default: the shipped model, " + SHIPPED_MODEL + ").")
    Path model;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (falls back to the CPU where CUDA is absent; default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads per run; 0 chooses (default: ${DEFAULT-VALUE}).")
    int threads;

    Path bundle() {
        if (model != null) {
            return model;
        }
        Path shipped = Path.of(System.getProperty("ser.home", ".")).resolve(SHIPPED_MODEL);
        if (!java.nio.file.Files.exists(shipped.resolve("manifest.json"))) {
            throw new IllegalArgumentException("no shipped model at " + shipped + ": pass --model DIR with a model bundle "
                    + "(./ser train writes one)");
        }
        return shipped;
    }

    EngineOptions engineOptions() {
        return new EngineOptions(EngineOptions.Device.parse(device), threads, true);
    }
}
