package io.serstreams.trainer.data;

/** Training data that cannot be used; the message names the file or folder and the problem. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }
}
