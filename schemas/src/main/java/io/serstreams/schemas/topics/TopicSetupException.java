package io.serstreams.schemas.topics;

/**
 * A topic could not be created, or the cluster did not come to serve it in time. The message names the
 * topic, says what Kafka answered and what to do; Kafka's own exception, where there is one, is attached
 * as suppressed rather than as the cause, so that a one-line error built from the cause chain shows
 * this message, never Kafka's bare one without the topic's name.
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
