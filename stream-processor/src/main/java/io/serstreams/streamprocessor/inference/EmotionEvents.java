package io.serstreams.streamprocessor.inference;

import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.engine.DimensionResult;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.schema.DeclaredDomain;
import io.serstreams.schema.DimensionEstimate;
import io.serstreams.schema.DomainMatch;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.InferenceTimings;
import io.serstreams.schema.LabelProbability;
import io.serstreams.schema.SegmentFeatures;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the emotion event of a classified segment, or of one that held no speech. */
public final class EmotionEvents {
    private EmotionEvents() {
    }

    /** When a batch was formed and run, for the event's timings. */
    public record BatchTimes(long enqueuedAt, long startedAt, long endedAt, int batchSize) {
    }

    /** The emotion of a segment that holds no speech: none, with no probabilities. */
    public static final String NO_EMOTION = "none";

    /**
     * The event of a classified segment; where the engine's speech gate found no speech in it, an event that
     * says so and claims no emotion (emotion {@value #NO_EMOTION}, no probabilities, dimensions of group none).
     *
     * @param domainProfile the key of the domain profile the segment was standardised by; null for the training pool
     */
    public static EmotionEvent of(SegmentFeatures segment, SegmentPrediction prediction, ModelManifest model, DeclaredDomain domain, String domainProfile,
                                  BatchTimes times) {
        EmotionEvent.Builder event = builder(segment, prediction, model, domain, times).setDomainProfile(domainProfile);
        if (!prediction.speech().speech()) {
            DimensionEstimate none = new DimensionEstimate(NO_EMOTION, List.of(), 0f);
            event.setSpeech(false).setNoSpeechReason(prediction.speech().reason()).setEmotion(NO_EMOTION).setProbabilities(List.of())
                    .setArousal(none).setValence(new DimensionEstimate(NO_EMOTION, List.of(), 0f));
        }
        return event.build();
    }

    private static EmotionEvent.Builder builder(SegmentFeatures segment, SegmentPrediction prediction, ModelManifest model, DeclaredDomain domain,
                                                BatchTimes times) {
        return EmotionEvent.newBuilder()
                .setCallId(segment.getCallId())
                .setChannel(segment.getChannel())
                .setSegmentIndex(segment.getSegmentIndex())
                .setStartMs(segment.getStartMs())
                .setEndMs(segment.getEndMs())
                .setEmotion(prediction.emotion())
                .setProbabilities(probabilities(model.labels().emotion(), prediction.emotionProbabilities()))
                .setArousal(dimension(prediction.arousal(), model.labels().arousal()))
                .setValence(dimension(prediction.valence(), model.labels().valence()))
                .setDeclaredDomain(domain)
                .setNearestDomain(new DomainMatch(prediction.nearestDomain(), prediction.domainConfidence(), prediction.outOfDomain()))
                .setVoicedRatio(segment.getVoicedRatio())
                .setEndOfCall(segment.getEndOfCall())
                .setModelVersion(model.name() + "-" + model.version())
                .setSegmentTimings(segment.getTimings())
                .setInferenceTimings(new InferenceTimings(Instant.ofEpochMilli(times.enqueuedAt()), Instant.ofEpochMilli(times.startedAt()),
                        Instant.ofEpochMilli(times.endedAt()), times.batchSize()));
    }

    private static DimensionEstimate dimension(DimensionResult result, List<String> labels) {
        return new DimensionEstimate(result.group(), probabilities(labels, result.probabilities()), result.score());
    }

    private static List<LabelProbability> probabilities(List<String> labels, float[] values) {
        List<LabelProbability> out = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.add(new LabelProbability(labels.get(i), values[i]));
        }
        return out;
    }
}
