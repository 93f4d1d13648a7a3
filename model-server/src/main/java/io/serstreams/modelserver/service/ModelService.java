package io.serstreams.modelserver.service;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.Map;

/**
 * The model over HTTP ({@code ./ser serve-model}): the Micronaut application of this module, with
 * settings from application.yml, the environment and the properties given, the latter winning.
 */
public final class ModelService {
    private ModelService() {
    }

    /**
     * Starts the model (loaded at once) and the HTTP server; the caller closes the server. Start-up
     * failures propagate as Micronaut reports them, with the cause inside.
     */
    public static EmbeddedServer start(Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder(ModelService.class).properties(properties).start();
        try {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            return server;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }
}
