package io.serstreams.streamprocessor.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

import java.util.Map;

/**
 * The SER Streams application (Micronaut): the pipeline's topologies by role, the model, health,
 * metrics, and the calls API. Configuration: application.yml, overridden by the environment.
 */
public final class SerStreamsApplication {
    private SerStreamsApplication() {
    }

    public static void main(String[] args) {
        start(Map.of(), args);
    }

    /** Starts the application with {@code properties} over application.yml (the demo points it at its embedded broker). */
    public static ApplicationContext start(Map<String, Object> properties, String... args) {
        return Micronaut.build(args).mainClass(SerStreamsApplication.class).properties(properties).banner(false).start();
    }
}
