package io.serstreams.modelserver.cli;

import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.modelserver.engine.EngineOptions;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Options shared by the commands that load a model. */
final class ModelOptions {
    /** Where the shipped model lives, relative to the project root the launcher passes as ser.home. */
    static final String SHIPPED_MODEL = BundleLoader.DEFAULT_MODEL;

    @Option(names = "--model", paramLabel = "DIR|ZIP", description = "Model bundle (default: the shipped model, " + SHIPPED_MODEL + ").")
    Path model;

    // No picocli defaults: serve-model passes on only what was given, so its configuration's values stand otherwise.
    @Option(names = "--device", paramLabel = "cpu|cuda", description = "cpu or cuda (falls back to the CPU where CUDA is absent; default: cpu).")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime threads per run; 0 chooses (default: 0).")
    Integer threads;

    @Option(names = "--no-fetch", description = "Never download a referenced encoder that is not in the encoder cache; run the "
            + "shipped model instead (default: download it once, sha256 checked).")
    boolean noFetch;

    Path bundle() {
        if (model != null) {
            return model;
        }
        Path shipped = BundleLoader.defaultModel();
        if (!Files.exists(shipped.resolve("manifest.json"))) {
            throw new IllegalArgumentException("no shipped model at " + shipped + ": pass --model DIR with a model bundle "
                    + "(./ser train writes one)");
        }
        return shipped;
    }

    /**
     * The model to run, ready: a referenced encoder fetched (unless {@code --no-fetch}) and converted, or, where it
     * cannot be had, the shipped model, which {@code notices} hears about in one line.
     */
    ModelBundle load(Consumer<String> notices) {
        Path shipped = BundleLoader.defaultModel();
        return BundleLoader.configured(!noFetch, Files.exists(shipped) ? shipped : null, notices).load(bundle());
    }

    EngineOptions engineOptions() {
        return new EngineOptions(EngineOptions.Device.parse(device == null ? "cpu" : device), threads == null ? 0 : threads, true);
    }

    /** The options given, as the model service's ser.model.* properties. */
    void putServiceProperties(Map<String, Object> properties) {
        if (model != null) {
            properties.put("ser.model.path", model.toAbsolutePath().toString());
        }
        if (noFetch) {
            properties.put("ser.model.fetch-encoder", false);
        }
        if (device != null) {
            // Checked here, so a typo is told in one line before anything starts.
            EngineOptions.Device.parse(device);
            properties.put("ser.model.device", device);
        }
        if (threads != null) {
            if (threads < 0) {
                throw new IllegalArgumentException("--threads takes 0 (automatic) or more, not " + threads);
            }
            properties.put("ser.model.threads", threads);
        }
    }
}
