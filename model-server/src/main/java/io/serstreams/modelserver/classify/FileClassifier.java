package io.serstreams.modelserver.classify;

import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;

import java.util.ArrayList;
import java.util.List;

/**
 * Classifies a whole recording without Kafka: each channel cut into segments by the same feature
 * extractor as the pipeline, segments run through the engine in batches, and a whole-file reading
 * as the mean over the voiced segments that were kept.
 */
public final class FileClassifier {
    private final InferenceEngine engine;
    private final SegmentClassifier classifier;
    private final int batchSize;

    public FileClassifier(InferenceEngine engine, int batchSize) {
        this(engine, engine, batchSize);
    }

    /**
     * @param engine     the model (its features and labels)
     * @param classifier what runs the batches: the engine itself, or a decorator of it
     */
    public FileClassifier(InferenceEngine engine, SegmentClassifier classifier, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.engine = engine;
        this.classifier = classifier;
        this.batchSize = batchSize;
    }

    /** One segment's place in the recording and the model's reading of it. */
    public record SegmentResult(int channel, Segment segment, SegmentPrediction prediction) {
    }

    /** All segments of a recording and the whole-file reading (null when no segment was voiced enough). */
    public record FileResult(DecodedAudio audio, List<SegmentResult> segments, SegmentPrediction overall) {
    }

    public FileResult classify(DecodedAudio audio) {
        List<SegmentResult> results = new ArrayList<>();
        for (int c = 0; c < audio.channelCount(); c++) {
            List<Segment> segments = ChannelFeatureExtractor.segmentsOf(audio.channels()[c], audio.sampleRate(), engine.features());
            for (int start = 0; start < segments.size(); start += batchSize) {
                List<Segment> batch = segments.subList(start, Math.min(segments.size(), start + batchSize));
                List<SegmentPrediction> predictions = classifier.predict(batch.stream().map(SegmentInput::of).toList());
                for (int i = 0; i < batch.size(); i++) {
                    results.add(new SegmentResult(c, batch.get(i), predictions.get(i)));
                }
            }
        }
        SegmentPrediction overall = results.isEmpty() ? null
                : SegmentPrediction.mean(engine.manifest(), results.stream().map(SegmentResult::prediction).toList());
        return new FileResult(audio, results, overall);
    }
}
