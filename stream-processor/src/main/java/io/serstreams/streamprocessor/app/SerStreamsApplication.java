package io.serstreams.streamprocessor.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SER Streams application (Micronaut): the pipeline's topologies by role, the model, health,
 * metrics, and the calls API. Configuration: application.yml, overridden by the environment.
 */
public final class SerStreamsApplication {
    private SerStreamsApplication() {
    }

    /**
     * Starts the application; {@code --model DIR} (or {@code --model=DIR}) sets {@code ser.model.path}, the other arguments
     * are Micronaut's ({@code -ser.model.device=cuda}, ...).
     */
    public static void main(String[] args) {
        Map<String, Object> properties = new HashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--model")) {
                if (i + 1 == args.length) {
                    System.err.println("ser-streams: --model needs a model bundle folder or zip");
                    System.exit(2);
                }
                properties.put("ser.model.path", Path.of(args[++i]).toAbsolutePath().toString());
            } else if (args[i].startsWith("--model=")) {
                properties.put("ser.model.path", Path.of(args[i].substring("--model=".length())).toAbsolutePath().toString());
            } else {
                rest.add(args[i]);
            }
        }
        start(properties, rest.toArray(String[]::new));
    }

    /** Starts the application with {@code properties} over application.yml (the demo points it at its embedded broker). */
    public static ApplicationContext start(Map<String, Object> properties, String... args) {
        return Micronaut.build(args).mainClass(SerStreamsApplication.class).properties(properties).banner(false).start();
    }
}
