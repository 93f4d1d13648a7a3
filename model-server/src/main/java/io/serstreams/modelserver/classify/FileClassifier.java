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
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.schema.ChannelRole;

import java.util.ArrayList;
import java.util.List;

/**
 * Classifies a whole recording without Kafka: each channel cut into segments by the same feature
 * extractor as the pipeline, segments run through the engine in batches, and a reading per channel
 * as the mean over that channel's speech segments (a stereo call's agent and customer are read apart);
 * segments the engine's speech gate finds no speech in are listed but claim no emotion.
 */
public final class FileClassifier {
    private final InferenceEngine engine;
    private final SegmentClassifier classifier;
    private final int batchSize;
    private final DomainProfile profile;

    public FileClassifier(InferenceEngine engine, int batchSize) {
        this(engine, engine, batchSize);
    }

    /**
     * @param engine     the model (its features and labels)
     * @param classifier what runs the batches: the engine itself, or a decorator of it
     */
    public FileClassifier(InferenceEngine engine, SegmentClassifier classifier, int batchSize) {
        this(engine, classifier, batchSize, null);
    }

    private FileClassifier(InferenceEngine engine, SegmentClassifier classifier, int batchSize, DomainProfile profile) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (profile != null) {
            profile.checkFits(engine.manifest());
        }
        this.engine = engine;
        this.classifier = classifier;
        this.batchSize = batchSize;
        this.profile = profile;
    }

    /**
     * This classifier standardising every segment by {@code next} instead of the training pool (null: the pool).
     *
     * @throws IllegalArgumentException when the profile was made for another kind of model
     */
    public FileClassifier withProfile(DomainProfile next) {
        return new FileClassifier(engine, classifier, batchSize, next);
    }

    /** The profile segments are standardised by; null for the training pool's statistics. */
    public DomainProfile profile() {
        return profile;
    }

    /** One segment's place in the recording and the model's reading of it. */
    public record SegmentResult(int channel, ChannelRole role, Segment segment, SegmentPrediction prediction) {
    }

    /**
     * One channel's reading: the mean of the predictions of its segments that hold speech, or, where
     * none does (no segment, or only segments of noise, music or tones), no reading and the reason why.
     *
     * @param overall null exactly when no segment holds speech
     * @param reason  why there is no reading; null when there is one
     */
    public record ChannelResult(int channel, ChannelRole role, List<SegmentResult> segments, SegmentPrediction overall, String reason) {
    }

    /**
     * All segments of a recording, in channel order, and each channel's reading.
     *
     * @param profile the domain profile the segments were standardised by; null for the training pool's statistics
     */
    public record FileResult(DecodedAudio audio, List<SegmentResult> segments, List<ChannelResult> channels, DomainProfile profile) {
    }

    /**
     * The audio the encoder front end reads, where {@code engine}'s bundle asks for it: the channel
     * ({@code samples} at {@code sampleRate}) at the feature rate, as the feature topology reads it;
     * null for a bundle with its own extractor.
     */
    public static float[] encoderAudio(InferenceEngine engine, float[] samples, int sampleRate) {
        return engine.bundle().frontEnd() == FrontEnd.EFFICIENTAT_LOGMEL ? Resampling.resample(samples, sampleRate, engine.features().sampleRate()) : null;
    }

    /** The engine's inputs for {@code segments}, with the encoder log-mel over each one's span of {@code encoderAudio} where that is not null. */
    public static List<SegmentInput> inputsOf(List<Segment> segments, float[] encoderAudio) {
        return segments.stream().map(segment -> SegmentInput.of(segment, encoderAudio == null ? null
                : EncoderLogMel.of(encoderAudio, segment.sampleRate(), segment.startSample(), segment.endSample()))).toList();
    }

    public FileResult classify(DecodedAudio audio) {
        List<SegmentResult> all = new ArrayList<>();
        List<ChannelResult> channels = new ArrayList<>();
        for (int c = 0; c < audio.channelCount(); c++) {
            ChannelRole role = ChannelRoles.roleOf(c, audio.channelCount());
            float[] samples = audio.channels()[c];
            List<Segment> segments = ChannelFeatureExtractor.segmentsOf(samples, audio.sampleRate(), engine.features());
            float[] encoderAudio = encoderAudio(engine, samples, audio.sampleRate());
            List<SegmentResult> results = new ArrayList<>();
            for (int start = 0; start < segments.size(); start += batchSize) {
                int end = Math.min(segments.size(), start + batchSize);
                List<SegmentInput> inputs = inputsOf(segments.subList(start, end), encoderAudio);
                List<SegmentPrediction> predictions = classifier.predict(profile == null ? inputs
                        : inputs.stream().map(input -> input.withProfile(profile)).toList());
                for (int i = start; i < end; i++) {
                    results.add(new SegmentResult(c, role, segments.get(i), predictions.get(i - start)));
                }
            }
            all.addAll(results);
            List<SegmentPrediction> speech = results.stream().map(SegmentResult::prediction).filter(p -> p.speech().speech()).toList();
            if (results.isEmpty()) {
                channels.add(new ChannelResult(c, role, List.of(), null, NoSpeechReason.of(samples, audio.sampleRate(), engine.features())));
            } else if (speech.isEmpty()) {
                channels.add(new ChannelResult(c, role, List.copyOf(results), null, NoSpeechReason.ofGated(results.size(),
                        results.get(0).prediction().speech().reason())));
            } else {
                channels.add(new ChannelResult(c, role, List.copyOf(results), SegmentPrediction.mean(engine.manifest(), speech), null));
            }
        }
        return new FileResult(audio, List.copyOf(all), List.copyOf(channels), profile);
    }
}
