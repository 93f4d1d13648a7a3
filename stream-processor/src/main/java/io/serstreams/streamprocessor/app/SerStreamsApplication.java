package io.serstreams.streamprocessor.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.exceptions.ApplicationStartupException;
import io.serstreams.schemas.errors.ErrorText;

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
     * Runs the application; {@code --model DIR} (or {@code --model=DIR}) sets {@code ser.model.path}, the other arguments
     * are Micronaut's. A start-up failure ends it with one line on standard error and status 1.
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
        try {
            start(properties, rest.toArray(String[]::new));
        } catch (ApplicationStartupException e) {
            System.err.println("ser-streams: " + ErrorText.of(e));
            System.exit(1);
        }
    }

    /**
     * Starts the application with {@code properties} over application.yml (the demo points it at its
     * embedded broker).
     *
     * @throws ApplicationStartupException when it cannot start, carrying the failure as its cause
     */
    public static ApplicationContext start(Map<String, Object> properties, String... args) {
        return new ThrowingMicronaut().args(args).mainClass(SerStreamsApplication.class).properties(properties).banner(false).start();
    }

    /**
     * Micronaut's launcher, except that a start-up failure goes back to the caller. Micronaut's own
     * handling logs the failure's whole stack and calls {@code System.exit} (outside its test
     * environment): from a thread that holds a lock a shutdown hook needs, as the demo's does, that
     * exit never returns and the JVM hangs.
     */
    private static final class ThrowingMicronaut extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            throw exception instanceof ApplicationStartupException startup ? startup
                    : new ApplicationStartupException("the application did not start", exception);
        }
    }
}
