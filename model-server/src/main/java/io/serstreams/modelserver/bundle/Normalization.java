package io.serstreams.modelserver.bundle;

import io.serstreams.featureextractor.features.FrameDescriptor;

import java.util.Arrays;

/**
 * Statistics the features are standardised with before they reach the graphs, computed over the
 * training data: one mean and deviation for all log-mel values, one per descriptor column.
 */
public record Normalization(float logMelMean, float logMelStd, float[] descriptorMean, float[] descriptorStd) {

    /** No change: mean 0, deviation 1. */
    public static Normalization identity() {
        float[] ones = new float[FrameDescriptor.COUNT];
        Arrays.fill(ones, 1f);
        return new Normalization(0f, 1f, new float[FrameDescriptor.COUNT], ones);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && n.logMelMean == logMelMean && n.logMelStd == logMelStd
                && Arrays.equals(n.descriptorMean, descriptorMean) && Arrays.equals(n.descriptorStd, descriptorStd);
    }

    @Override
    public int hashCode() {
        return 31 * Float.hashCode(logMelMean) + Arrays.hashCode(descriptorMean);
    }

    @Override
    public String toString() {
        return "Normalization[logMel " + logMelMean + " +- " + logMelStd + ", " + descriptorMean.length + " descriptor columns]";
    }
}
