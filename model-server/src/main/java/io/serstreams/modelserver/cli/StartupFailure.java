package io.serstreams.modelserver.cli;

import io.micronaut.http.server.exceptions.ServerStartupException;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.modelserver.bundle.BundleException;

import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Map;

/**
 * A one-line account of why the model service did not start, for a user to act on: Micronaut wraps
 * the real cause (a bad bundle, a port in use) in several layers of its own exceptions.
 */
final class StartupFailure {
    private static final String NETTY_PREFIX = "Unable to start Micronaut server on ";

    private StartupFailure() {
    }

    static String describe(Throwable failure, Map<String, Object> properties) {
        String address = address(failure, properties);
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof BindException) {
                String reason = cause.getMessage() == null ? "address already in use" : cause.getMessage().toLowerCase(Locale.ROOT);
                return "cannot listen on " + address + ": " + reason
                        + " (another program uses that port: pick another with --port, or 0 for a free one)";
            }
            if (cause instanceof UnresolvedAddressException) {
                return "cannot listen on " + address + ": unknown host (give --host an address of this machine, such as 127.0.0.1 or 0.0.0.0)";
            }
            if (cause instanceof BundleException || cause instanceof AudioFormatException || cause instanceof IllegalArgumentException) {
                return cause.getMessage();
            }
        }
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return "the model service did not start: " + (innermost.getMessage() == null ? innermost.getClass().getName() : innermost.getMessage());
    }

    /** Where the server tried to listen, as Netty's start-up exception says, else as the options asked. */
    private static String address(Throwable failure, Map<String, Object> properties) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ServerStartupException && cause.getMessage() != null && cause.getMessage().startsWith(NETTY_PREFIX)) {
                return cause.getMessage().substring(NETTY_PREFIX.length());
            }
        }
        return properties.getOrDefault("micronaut.server.host", "127.0.0.1") + ":" + properties.getOrDefault("micronaut.server.port", 8088);
    }
}
