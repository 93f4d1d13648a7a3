package io.serstreams.schemas.topics;

/**
 * A topic could not be created, or the cluster did not come to serve it in time. The message names the
 * topic and what to do; Kafka's own error, where there is one, is attached as suppressed rather than as
 * the cause, so that command lines that print the innermost cause still show the topic's name.
 */
public final class TopicSetupException extends RuntimeException {
    public TopicSetupException(String message) {
        super(message);
    }

    TopicSetupException(String message, Throwable kafkaError) {
        super(message);
        addSuppressed(kafkaError);
    }
}
