package io.serstreams.streamprocessor.loadtest;

import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The model alone: segments per second through ONNX Runtime at a batch size, for the same model
 * and engine settings the pipeline runs, from one calling thread or several at once. A segment is
 * 1.92 s (two patches, 192 descriptor frames, and the encoder's log-mel of the same span where the
 * model references an encoder).
 */
final class BareInference {
    private BareInference() {
    }

    /** Typical segments, from {@code callers} threads at once, for about {@code seconds}. */
    static double segmentsPerSecond(InferenceEngine engine, int batchSize, double seconds, int callers) throws InterruptedException {
        DoubleAdder total = new DoubleAdder();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            Thread t = new Thread(() -> total.add(segmentsPerSecond(engine, batchSize, seconds)), "bare-inference-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return total.sum();
    }

    private static double segmentsPerSecond(InferenceEngine engine, int batchSize, double seconds) {
        Random random = new Random(7);
        List<SegmentInput> batch = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            // Log-mel-like values around -4, standardised-like descriptors: the spread matters little to the model's cost.
            batch.add(engine.syntheticSegment(192, () -> random.nextGaussian() * 2 - 4));
        }
        for (int i = 0; i < 20; i++) {
            engine.predict(batch);
        }
        long start = System.nanoTime();
        long segments = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            engine.predict(batch);
            segments += batchSize;
        }
        return segments / ((System.nanoTime() - start) / 1e9);
    }
}
