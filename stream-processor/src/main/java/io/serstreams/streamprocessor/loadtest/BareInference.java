package io.serstreams.streamprocessor.loadtest;

import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The model alone: segments per second through ONNX Runtime at a batch size, for the same model
 * and engine settings the pipeline runs, from one calling thread or several at once, over the
 * segments the pipeline cuts from the load test's own calls (their lengths vary, from turn tails of
 * half a second to full 1.92 s segments, and a model over mn04 costs more for a longer one).
 */
final class BareInference {
    private BareInference() {
    }

    /** The segments of one {@code seconds}-long call of {@code audio}, both channels, as the engine takes them. */
    static List<SegmentInput> segmentsOf(InferenceEngine engine, LoadCalls audio, double seconds) {
        List<SegmentInput> inputs = new ArrayList<>();
        for (float[] channel : audio.channels(seconds, 99)) {
            List<Segment> segments = ChannelFeatureExtractor.segmentsOf(channel, LoadCalls.RATE, engine.features());
            inputs.addAll(FileClassifier.inputsOf(segments, FileClassifier.encoderAudio(engine, channel, LoadCalls.RATE)));
        }
        if (inputs.isEmpty()) {
            throw new IllegalStateException("the load test's audio has no speech segments to measure the model on");
        }
        return inputs;
    }

    /** {@code segments} in batches of {@code batchSize}, from {@code callers} threads at once, for about {@code seconds}. */
    static double segmentsPerSecond(InferenceEngine engine, List<SegmentInput> segments, int batchSize, double seconds, int callers)
            throws InterruptedException {
        DoubleAdder total = new DoubleAdder();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int offset = c * batchSize;
            Thread t = new Thread(() -> total.add(segmentsPerSecond(engine, segments, offset, batchSize, seconds)), "bare-inference-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return total.sum();
    }

    private static double segmentsPerSecond(InferenceEngine engine, List<SegmentInput> segments, int offset, int batchSize, double seconds) {
        List<List<SegmentInput>> batches = new ArrayList<>();
        // Every segment in turn, so the mix of lengths is the calls' own.
        for (int start = 0; start < segments.size(); start += batchSize) {
            List<SegmentInput> batch = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
                batch.add(segments.get((offset + start + i) % segments.size()));
            }
            batches.add(batch);
        }
        for (int i = 0; i < 20; i++) {
            engine.predict(batches.get(i % batches.size()));
        }
        long start = System.nanoTime();
        long done = 0;
        for (int i = 0; System.nanoTime() - start < seconds * 1e9; i++) {
            engine.predict(batches.get(i % batches.size()));
            done += batchSize;
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }
}
