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
 * Runs model calls on a worker thread, one after another, so that the stream thread can read and
 * commit while the model works; a call may run at most the policy's timeout, and a stream thread
 * that waits for one is never held longer. A call that overran is abandoned: it keeps the worker
 * until it returns, and until then new calls are refused at once ({@link Busy}) rather than queued
 * behind it.
 */
final class BoundedInference implements AutoCloseable {
    private final SegmentClassifier classifier;
    private final long timeoutNanos;
    private final ExecutorService worker;
    private Call abandoned;

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

    /** One model call handed to the worker: its answer, and when it ran (wall clock, for the events' timings). */
    final class Call {
        private final Future<List<SegmentPrediction>> answer;
        private final long submittedNanos = System.nanoTime();
        private volatile long startedNanos;
        private volatile long startedAtMillis;
        private volatile long endedAtMillis;

        private Call(List<SegmentInput> inputs) {
            answer = worker.submit(() -> {
                startedAtMillis = System.currentTimeMillis();
                startedNanos = System.nanoTime();
                try {
                    return classifier.predict(inputs);
                } finally {
                    endedAtMillis = System.currentTimeMillis();
                }
            });
        }

        boolean isDone() {
            return answer.isDone();
        }

        /**
         * When the call is given up: the timeout after it started, or (queued behind the one call
         * before it) twice the timeout after it was handed over, if it has not started by then.
         */
        private long deadlineNanos() {
            long started = startedNanos;
            return started != 0 ? started + timeoutNanos : submittedNanos + 2 * timeoutNanos;
        }

        /** Whether the call is past its deadline without an answer. */
        boolean isOverdue() {
            return !answer.isDone() && System.nanoTime() - deadlineNanos() > 0;
        }

        /** Waits for the answer until the deadline; a call past it is abandoned. */
        List<SegmentPrediction> await() throws Failure {
            while (true) {
                try {
                    return answer.get(Math.max(0, deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (isOverdue()) {
                        abandon();
                        throw new Failure("the model took longer than " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", e);
                    }
                    // It started while we waited: its own timeout applies from there.
                } catch (ExecutionException e) {
                    throw new Failure("the model failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Failure("interrupted while waiting for the model", e);
                }
            }
        }

        /**
         * Gives up on the call: its answer is not used. It is not cancelled (a model run cannot be
         * stopped halfway); the worker is taken as busy until it, and every call queued before it, has
         * returned.
         */
        void abandon() {
            if (!answer.isDone()) {
                abandoned = this;
            }
        }

        long startedAtMillis() {
            return startedAtMillis;
        }

        long endedAtMillis() {
            return endedAtMillis;
        }
    }

    BoundedInference(SegmentClassifier classifier, Duration timeout, String name) {
        this.classifier = classifier;
        this.timeoutNanos = timeout.toNanos();
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Hands {@code inputs} to the worker; the call runs after those submitted before it. */
    Call submit(List<SegmentInput> inputs) throws Busy {
        if (abandoned != null) {
            if (!abandoned.isDone()) {
                throw new Busy();
            }
            abandoned = null;
        }
        return new Call(inputs);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
