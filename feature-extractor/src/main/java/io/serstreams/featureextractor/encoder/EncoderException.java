package io.serstreams.featureextractor.encoder;

/**
 * A pre-trained encoder that cannot be fetched, read or used: the message is one line naming the
 * file or address and what is wrong, for the user to act on.
 */
public class EncoderException extends RuntimeException {
    public EncoderException(String message) {
        super(message);
    }

    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
