package io.serstreams.modelserver.engine;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Lets at most {@code limit} model calls run at once, whoever makes them (each Kafka Streams task
 * calls the model from a thread of its own); the others wait their turn, first come first served.
 * On a CPU, one call per core keeps the cores busy without time-slicing them; on a GPU, calls
 * beyond one mostly queue inside the driver anyway.
 */
public final class ConcurrencyLimitedClassifier implements SegmentClassifier {
    private final SegmentClassifier classifier;
    private final Semaphore permits;

    public ConcurrencyLimitedClassifier(SegmentClassifier classifier, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the number of model calls at once must be at least 1, not " + limit);
        }
        this.classifier = classifier;
        this.permits = new Semaphore(limit, true);
    }

    @Override
    public List<SegmentPrediction> predict(List<SegmentInput> segments) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a turn at the model", e);
        }
        try {
            return classifier.predict(segments);
        } finally {
            permits.release();
        }
    }
}
