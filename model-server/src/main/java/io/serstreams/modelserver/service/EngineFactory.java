package io.serstreams.modelserver.service;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the configured model once, at start-up, so a bad bundle stops the service with its reason. */
// Applications that embed the model server (the stream processor) switch it off where they run no model.
@Requires(property = "ser.model.enabled", notEquals = "false")
@Factory
class EngineFactory {

    // Eager (@Context): the model loads at start-up, so a bad bundle stops the service at once with
    // its reason instead of failing the first request.
    @Context
    @Bean(preDestroy = "close")
    InferenceEngine engine(ModelSettings settings) {
        Path path = Path.of(settings.getPath());
        if (!path.isAbsolute()) {
            path = Path.of(System.getProperty("ser.home", ".")).resolve(path);
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no model bundle at " + path + ": point ser.model.path (serve-model --model, or SER_MODEL_PATH) at a bundle folder or zip");
        }
        Path shipped = BundleLoader.defaultModel();
        // Standard error, like the address line: these are for the person starting the service, whatever the log settings.
        ModelBundle bundle = BundleLoader.configured(settings.isFetchEncoder(), Files.exists(shipped) ? shipped : null,
                line -> System.err.println("ser: " + line)).load(path);
        System.err.println("ser: " + bundle.describe());
        return InferenceEngine.open(bundle,
                new EngineOptions(EngineOptions.Device.parse(settings.getDevice()), settings.getThreads(), true));
    }
}
