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
        return plus(ofSegment(segment, encoderOutput, melBands, seconds, encoderSum == null ? 0 : encoderSum.length), decay);
    }

    /**
     * The sums of one speech segment alone, for a model whose encoder output has {@code encoderWidth} values (0: none):
     * what a stream sends to be added to its domain's profile.
     */
    public static ProfileMoments ofSegment(SegmentInput segment, float[] encoderOutput, int melBands, double seconds, int encoderWidth) {
        double mel = 0;
        double melSq = 0;
        float[] logMel = segment.logMel();
        int real = Math.min(logMel.length, segment.frames() * melBands);
        for (int i = 0; i < real; i++) {
            mel += logMel[i];
            melSq += (double) logMel[i] * logMel[i];
        }
        int d = FrameDescriptor.COUNT;
        double[] sum = new double[d];
        double[] squares = new double[d];
        float[] rows = segment.descriptors();
        for (int i = 0; i < rows.length; i++) {
            sum[i % d] += rows[i];
            squares[i % d] += (double) rows[i] * rows[i];
        }
        double[] encSum = null;
        double[] encSquares = null;
        if (encoderWidth > 0) {
            if (encoderOutput == null || encoderOutput.length != encoderWidth) {
                throw new IllegalArgumentException("a profile of an encoder model needs each segment's " + encoderWidth + " encoder values, got "
                        + (encoderOutput == null ? "none" : encoderOutput.length));
            }
            encSum = new double[encoderWidth];
            encSquares = new double[encoderWidth];
            for (int i = 0; i < encoderWidth; i++) {
                encSum[i] = encoderOutput[i];
                encSquares[i] = (double) encoderOutput[i] * encoderOutput[i];
            }
        }
        return new ProfileMoments(1, seconds, real, mel, melSq, segment.frames(), sum, squares, encoderWidth > 0 ? 1 : 0, encSum, encSquares);
    }

    /**
     * These sums followed by {@code later}'s: these scaled by {@code decay} over {@code later}'s speech, then
     * {@code later} added. Without decay the order does not matter.
     *
     * @throws IllegalArgumentException when one has encoder sums and the other none, or of another width
     */
    public ProfileMoments plus(ProfileMoments later, ProfileDecay decay) {
        if ((encoderSum == null) != (later.encoderSum == null) || (encoderSum != null && encoderSum.length != later.encoderSum.length)) {
            throw new IllegalArgumentException("cannot add profile sums of " + width(later.encoderSum) + " encoder values to sums of " + width(encoderSum));
        }
        double keep = decay.retainAfter(later.speechSeconds);
        return new ProfileMoments(segments + later.segments, speechSeconds + later.speechSeconds, melWeight * keep + later.melWeight,
                melSum * keep + later.melSum, melSquares * keep + later.melSquares, descriptorWeight * keep + later.descriptorWeight,
                combined(descriptorSum, keep, later.descriptorSum), combined(descriptorSquares, keep, later.descriptorSquares),
                encoderWeight * keep + later.encoderWeight, combined(encoderSum, keep, later.encoderSum), combined(encoderSquares, keep, later.encoderSquares));
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

    private static double[] combined(double[] earlier, double keep, double[] later) {
        if (earlier == null) {
            return null;
        }
        double[] out = new double[earlier.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = earlier[i] * keep + later[i];
        }
        return out;
    }

    private static int width(double[] sums) {
        return sums == null ? 0 : sums.length;
    }

    /** A deviation that is never zero: a constant column (the VAD flag in all-speech audio) stays as it is. */
    private static float inputDeviation(double variance) {
        return (float) Math.max(Math.sqrt(Math.max(variance, 0)), 1e-3);
    }
}
