package io.serstreams.modelserver.service;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.serstreams.modelserver.engine.InferenceEngine;
import jakarta.inject.Singleton;

import java.util.Map;

/** Reports the loaded model and the device it runs on under {@code /health}. */
// Applications that embed the model server (the stream processor) switch it off where they run no model.
@Requires(property = "ser.model.enabled", notEquals = "false")
@Singleton
public class ModelHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final InferenceEngine engine;

    public ModelHealthIndicator(InferenceEngine engine) {
        this.engine = engine;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = HealthStatus.UP;
        return Map.of("model", engine.manifest().name(), "version", engine.manifest().version(),
                "device", engine.device().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    protected String getName() {
        return "model";
    }
}
