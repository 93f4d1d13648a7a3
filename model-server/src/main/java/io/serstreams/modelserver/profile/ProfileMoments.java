package io.serstreams.modelserver.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.engine.SegmentInput;

/**
 * Running sums a {@link DomainProfile} is made from: of the log-mel values (silence padding left out),
 * of each descriptor column over frames, and of the raw encoder output per segment, each sum weighted
 * so that a {@link ProfileDecay} can let older audio fade. A value: {@link #plus} returns new sums.
 *
 * @param segments          speech segments added, undecayed
 * @param speechSeconds     their length, undecayed
 * @param melWeight         the decayed count of log-mel values
 * @param descriptorWeight  the decayed count of descriptor frames
 * @param encoderWeight     the decayed count of encoder vectors
 * @param encoderSum        null for a model without an encoder
 */
public record ProfileMoments(long segments, double speechSeconds, double melWeight, double melSum, double melSquares,
                             double descriptorWeight, double[] descriptorSum, double[] descriptorSquares, double encoderWeight,
                             @JsonInclude(JsonInclude.Include.NON_NULL) double[] encoderSum,
                             @JsonInclude(JsonInclude.Include.NON_NULL) double[] encoderSquares) {

    /** No audio yet, for a model whose encoder output has {@code encoderWidth} values (0: no encoder). */
    public static ProfileMoments empty(int encoderWidth) {
        int d = FrameDescriptor.COUNT;
        return new ProfileMoments(0, 0, 0, 0, 0, 0, new double[d], new double[d], 0,
                encoderWidth == 0 ? null : new double[encoderWidth], encoderWidth == 0 ? null : new double[encoderWidth]);
    }

    /** No audio yet, for {@code model}. */
    public static ProfileMoments empty(ModelManifest model) {
        return empty(model.encoder() == null || model.encoder().trainingStatistics() == null ? 0 : model.encoder().trainingStatistics().mean().length);
    }

    /**
     * These sums with one more speech segment: what came before scaled by {@code decay} over the
     * segment's {@code seconds}, then the segment added.
     *
     * @param encoderOutput the segment's raw encoder vector; ignored (may be null) for a model without an encoder
     */
    public ProfileMoments plus(SegmentInput segment, float[] encoderOutput, int melBands, double seconds, ProfileDecay decay) {
        double keep = decay.retainAfter(seconds);
        double mel = melSum * keep;
        double melSq = melSquares * keep;
        float[] logMel = segment.logMel();
        int real = Math.min(logMel.length, segment.frames() * melBands);
        for (int i = 0; i < real; i++) {
            mel += logMel[i];
            melSq += (double) logMel[i] * logMel[i];
        }
        int d = descriptorSum.length;
        double[] sum = scaled(descriptorSum, keep);
        double[] squares = scaled(descriptorSquares, keep);
        float[] rows = segment.descriptors();
        for (int i = 0; i < rows.length; i++) {
            sum[i % d] += rows[i];
            squares[i % d] += (double) rows[i] * rows[i];
        }
        double[] encSum = encoderSum == null ? null : scaled(encoderSum, keep);
        double[] encSquares = encoderSquares == null ? null : scaled(encoderSquares, keep);
        double encWeight = encoderWeight * keep;
        if (encSum != null) {
            if (encoderOutput == null || encoderOutput.length != encSum.length) {
                throw new IllegalArgumentException("a profile of an encoder model needs each segment's " + encSum.length + " encoder values, got "
                        + (encoderOutput == null ? "none" : encoderOutput.length));
            }
            for (int i = 0; i < encSum.length; i++) {
                encSum[i] += encoderOutput[i];
                encSquares[i] += (double) encoderOutput[i] * encoderOutput[i];
            }
            encWeight += 1;
        }
        return new ProfileMoments(segments + 1, speechSeconds + seconds, melWeight * keep + real, mel, melSq,
                descriptorWeight * keep + segment.frames(), sum, squares, encWeight, encSum, encSquares);
    }

    /** The log-mel and descriptor statistics of the segments added. */
    public Normalization inputs() {
        if (melWeight <= 0 || descriptorWeight <= 0) {
            throw new IllegalStateException("no speech segments to compute statistics from");
        }
        int d = descriptorSum.length;
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int c = 0; c < d; c++) {
            mean[c] = (float) (descriptorSum[c] / descriptorWeight);
            std[c] = inputDeviation(descriptorSquares[c] / descriptorWeight - mean[c] * (double) mean[c]);
        }
        double melMean = melSum / melWeight;
        return new Normalization((float) melMean, inputDeviation(melSquares / melWeight - melMean * melMean), mean, std);
    }

    /** The profile these sums describe, for {@code model}'s inputs, named {@code domain}. */
    public DomainProfile profile(String domain, ModelManifest model) {
        FeatureStatistics encoder = encoderSum == null ? null : FeatureStatistics.ofMoments(encoderWeight, encoderSum, encoderSquares);
        return new DomainProfile(domain, model.features().version(), encoder == null ? null : model.encoder().name(), segments, speechSeconds,
                inputs(), encoder);
    }

    private static double[] scaled(double[] values, double factor) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    /** A deviation that is never zero: a constant column (the VAD flag in all-speech audio) stays as it is. */
    private static float inputDeviation(double variance) {
        return (float) Math.max(Math.sqrt(Math.max(variance, 0)), 1e-3);
    }
}
