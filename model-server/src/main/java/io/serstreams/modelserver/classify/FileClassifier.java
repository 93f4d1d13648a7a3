package io.serstreams.modelserver.classify;

import io.serstreams.featureextractor.audio.ChannelRoles;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.EncoderLogMel;
import io.serstreams.featureextractor.features.FrontEnd;
import io.serstreams.featureextractor.features.Resampling;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.schema.ChannelRole;

import java.util.ArrayList;
import java.util.List;

/**
 * Classifies a whole recording without Kafka: each channel cut into segments by the same feature
 * extractor as the pipeline, segments run through the engine in batches, and a reading per channel
 * as the mean over that channel's segments (a stereo call's agent and customer are read apart).
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
    public record SegmentResult(int channel, ChannelRole role, Segment segment, SegmentPrediction prediction) {
    }

    /**
     * One channel's reading: the mean of its segments' predictions, or, where it has no segment, no
     * reading and the reason why.
     *
     * @param overall null exactly when {@code segments} is empty
     * @param reason  why there is no reading; null when there is one
     */
    public record ChannelResult(int channel, ChannelRole role, List<SegmentResult> segments, SegmentPrediction overall, String reason) {
    }

    /** All segments of a recording, in channel order, and each channel's reading. */
    public record FileResult(DecodedAudio audio, List<SegmentResult> segments, List<ChannelResult> channels) {
    }

    public FileResult classify(DecodedAudio audio) {
        List<SegmentResult> all = new ArrayList<>();
        List<ChannelResult> channels = new ArrayList<>();
        for (int c = 0; c < audio.channelCount(); c++) {
            ChannelRole role = ChannelRoles.roleOf(c, audio.channelCount());
            float[] samples = audio.channels()[c];
            List<Segment> segments = ChannelFeatureExtractor.segmentsOf(samples, audio.sampleRate(), engine.features());
            // The encoder front end reads the same audio the segments were cut from: the channel at the feature rate.
            float[] featureRateAudio = engine.bundle().frontEnd() == FrontEnd.EFFICIENTAT_LOGMEL
                    ? Resampling.resample(samples, audio.sampleRate(), engine.features().sampleRate()) : null;
            List<SegmentResult> results = new ArrayList<>();
            for (int start = 0; start < segments.size(); start += batchSize) {
                List<Segment> batch = segments.subList(start, Math.min(segments.size(), start + batchSize));
                List<SegmentPrediction> predictions = classifier.predict(batch.stream().map(segment -> SegmentInput.of(segment,
                        featureRateAudio == null ? null : EncoderLogMel.of(featureRateAudio, segment.sampleRate(), segment.startSample(),
                                segment.endSample()))).toList());
                for (int i = 0; i < batch.size(); i++) {
                    results.add(new SegmentResult(c, role, batch.get(i), predictions.get(i)));
                }
            }
            all.addAll(results);
            channels.add(results.isEmpty()
                    ? new ChannelResult(c, role, List.of(), null, NoSpeechReason.of(samples, audio.sampleRate(), engine.features()))
                    : new ChannelResult(c, role, List.copyOf(results),
                    SegmentPrediction.mean(engine.manifest(), results.stream().map(SegmentResult::prediction).toList()), null));
        }
        return new FileResult(audio, List.copyOf(all), List.copyOf(channels));
    }
}
