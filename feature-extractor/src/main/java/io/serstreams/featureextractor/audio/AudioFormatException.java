package io.serstreams.featureextractor.audio;

/** Audio that cannot be decoded: the message names the source and what is wrong with it. */
public class AudioFormatException extends RuntimeException {
    public AudioFormatException(String message) {
        super(message);
    }

    public AudioFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
