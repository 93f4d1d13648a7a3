package io.serstreams.modelserver.bundle;

/** A model bundle that cannot be used; the message names the bundle and the problem. */
public class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
