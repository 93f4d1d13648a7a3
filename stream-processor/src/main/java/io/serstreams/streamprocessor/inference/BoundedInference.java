package io.serstreams.streamprocessor.inference;

import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs model calls on a worker thread and waits at most the policy's timeout, so the stream thread
 * that asked is never held longer. A call that overran keeps the worker until it returns; until
 * then further calls are refused at once ({@link Busy}) rather than queued behind it.
 */
final class BoundedInference implements AutoCloseable {
    private final SegmentClassifier classifier;
    private final Duration timeout;
    private final ExecutorService worker;
    private Future<List<SegmentPrediction>> running;

    /** Why a call gave no predictions. */
    static final class Failure extends Exception {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The worker is still busy with a call that timed out. */
    static final class Busy extends Exception {
        Busy() {
            super("the previous model call is still running");
        }
    }

    BoundedInference(SegmentClassifier classifier, Duration timeout, String name) {
        this.classifier = classifier;
        this.timeout = timeout;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    List<SegmentPrediction> predict(List<SegmentInput> inputs) throws Failure, Busy {
        if (running != null && !running.isDone()) {
            throw new Busy();
        }
        running = worker.submit(() -> classifier.predict(inputs));
        try {
            return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Failure("the model took longer than " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new Failure("the model failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while waiting for the model", e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
