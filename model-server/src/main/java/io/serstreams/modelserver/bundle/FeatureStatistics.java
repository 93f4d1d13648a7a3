package io.serstreams.modelserver.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Per-dimension mean and deviation of a set of feature vectors (one domain's, or several domains'
 * pooled); no labels are involved.
 */
public record FeatureStatistics(float[] mean, float[] std) {
    public FeatureStatistics {
        if (mean.length != std.length) {
            throw new IllegalArgumentException(mean.length + " means, " + std.length + " deviations");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Statistics of {@code vectors}, all of the same length; at least one. */
    public static FeatureStatistics of(Collection<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("no feature vectors to compute statistics from");
        }
        int d = vectors.iterator().next().length;
        double[] sum = new double[d];
        double[] squares = new double[d];
        for (float[] v : vectors) {
            for (int i = 0; i < d; i++) {
                sum[i] += v[i];
                squares[i] += (double) v[i] * v[i];
            }
        }
        return ofMoments(vectors.size(), sum, squares);
    }

    /** Statistics from sums of values and of their squares over {@code weight} vectors (a count, or a decayed one). */
    public static FeatureStatistics ofMoments(double weight, double[] sum, double[] squares) {
        int d = sum.length;
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int i = 0; i < d; i++) {
            double m = sum[i] / weight;
            mean[i] = (float) m;
            // A floor keeps a constant dimension (a unit that never fires on speech) from dividing by zero.
            std[i] = (float) Math.max(Math.sqrt(Math.max(squares[i] / weight - m * m, 0)), 1e-4);
        }
        return new FeatureStatistics(mean, std);
    }

    /** {@code (v - mean) / std}, a new array. */
    public float[] standardise(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (v[i] - mean[i]) / std[i];
        }
        return out;
    }

    /** The file beside a run's checkpoint with the pooled statistics its bundle's heads are exported with. */
    public static final String POOLED_FILE = "encoder-statistics.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes these statistics as JSON to {@code file}. */
    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Statistics written by {@link #write}. */
    public static FeatureStatistics read(Path file) {
        try {
            return JSON.readValue(file.toFile(), FeatureStatistics.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the encoder statistics " + file + ": " + e.getMessage(), e);
        }
    }
}
