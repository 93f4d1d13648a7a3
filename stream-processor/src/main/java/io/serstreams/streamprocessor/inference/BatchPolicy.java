package io.serstreams.streamprocessor.inference;

import java.time.Duration;

/**
 * When the batching processor hands pending segments to the model.
 *
 * @param maxBatch    a batch goes as soon as this many segments wait
 * @param maxWait     ... or as soon as the oldest has waited this long (wall clock)
 * @param timeout     longest one model call may take before it is abandoned and retried; kept well
 *                    under {@code max.poll.interval.ms}, so a slow model never gets the instance
 *                    thrown out of its group
 * @param maxAttempts calls a batch gets before its segments go to the dead-letter topic
 */
public record BatchPolicy(int maxBatch, Duration maxWait, Duration timeout, int maxAttempts) {
    public static final BatchPolicy DEFAULT = new BatchPolicy(16, Duration.ofMillis(200), Duration.ofSeconds(20), 3);

    public BatchPolicy {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("ser.inference.max-batch must be at least 1, not " + maxBatch);
        }
        if (maxWait.isNegative() || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("ser.inference.max-wait must not be negative and ser.inference.timeout must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ser.inference.max-attempts must be at least 1, not " + maxAttempts);
        }
    }

    /** Refuses a timeout that could let one model call outlast the consumer's poll interval. */
    public void checkAgainstPollInterval(Duration maxPollInterval) {
        if (timeout.multipliedBy(2).compareTo(maxPollInterval) > 0) {
            throw new IllegalArgumentException("ser.inference.timeout (" + timeout + ") must be at most half of max.poll.interval.ms (" + maxPollInterval
                    + "), or a slow model would get this instance thrown out of its consumer group");
        }
    }

    /**
     * How often the wall-clock punctuator looks for a batch that waited long enough and for the
     * model's answers (which otherwise go out at the next record): at most 20 ms, so that an answer
     * is not held back longer than that when no record comes.
     */
    public Duration punctuationInterval() {
        long millis = Math.max(5, Math.min(20, maxWait.toMillis() / 4));
        return Duration.ofMillis(millis);
    }
}
