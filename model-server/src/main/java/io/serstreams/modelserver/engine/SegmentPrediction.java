package io.serstreams.modelserver.engine;

import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.speech.SpeechGate;
import io.serstreams.modelserver.speech.SpeechVerdict;

/**
 * The model's reading of one segment.
 *
 * @param emotion              most likely discrete emotion
 * @param emotionProbabilities every class's probability, in the manifest's label order
 * @param arousal              arousal group, probabilities and score
 * @param valence              valence group, probabilities and score
 * @param nearestDomain        training domain the segment resembles most
 * @param domainConfidence     the domain head's probability for it
 * @param outOfDomain          the confidence is below the manifest's threshold
 * @param domainProbabilities  every domain's probability
 * @param speech               whether the segment holds speech ({@link SpeechGate}); where it does not, the
 *                             readings above are the model's output on a sound that is not speech and claim nothing
 * @param encoderOutput        the encoder's raw output for the segment (before any standardisation), what a domain
 *                             profile of an encoder model is made from; null for a model with its own extractor, and
 *                             for a mean over segments
 */
public record SegmentPrediction(String emotion, float[] emotionProbabilities, DimensionResult arousal, DimensionResult valence,
                                String nearestDomain, float domainConfidence, boolean outOfDomain, float[] domainProbabilities,
                                SpeechVerdict speech, float[] encoderOutput) {

    /**
     * The reading of several segments together: the mean of their probabilities (and so of their
     * scores), with labels taken from the mean; speech when any of them is.
     */
    public static SegmentPrediction mean(ModelManifest m, java.util.List<SegmentPrediction> predictions) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("no predictions to average");
        }
        return of(m, average(predictions, SegmentPrediction::emotionProbabilities), average(predictions, p -> p.arousal().probabilities()),
                average(predictions, p -> p.valence().probabilities()), average(predictions, SegmentPrediction::domainProbabilities),
                predictions.stream().map(SegmentPrediction::speech).filter(SpeechVerdict::speech).findFirst().orElse(predictions.get(0).speech()),
                null);
    }

    private static float[] average(java.util.List<SegmentPrediction> predictions, java.util.function.Function<SegmentPrediction, float[]> field) {
        float[] sum = new float[field.apply(predictions.get(0)).length];
        for (SegmentPrediction p : predictions) {
            float[] v = field.apply(p);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i] / predictions.size();
            }
        }
        return sum;
    }

    /**
     * A segment's reading from the graph's outputs, its emotion probabilities taken to the bundle's
     * temperature for the domain its domain head names.
     */
    static SegmentPrediction served(ModelManifest m, float[] emotion, float[] arousal, float[] valence, float[] domain, SpeechVerdict speech,
                                    float[] encoderOutput) {
        int domainIndex = Argmax.of(domain);
        boolean inDomain = domain[domainIndex] >= m.outOfDomainThreshold();
        float[] calibrated = m.calibrationOrNone().apply(emotion, m.labels().domains().get(domainIndex), inDomain);
        return of(m, calibrated, arousal, valence, domain, speech, encoderOutput);
    }

    static SegmentPrediction of(ModelManifest m, float[] emotion, float[] arousal, float[] valence, float[] domain, SpeechVerdict speech,
                                float[] encoderOutput) {
        int domainIndex = Argmax.of(domain);
        return new SegmentPrediction(m.labels().emotion().get(Argmax.of(emotion)), emotion,
                DimensionResult.of(arousal, m.labels().arousal()), DimensionResult.of(valence, m.labels().valence()),
                m.labels().domains().get(domainIndex), domain[domainIndex], domain[domainIndex] < m.outOfDomainThreshold(), domain, speech,
                encoderOutput);
    }
}
