package io.serstreams.trainer.eval;

import java.util.List;

/**
 * Per-dimension mean and standard deviation of the extractor's embeddings of a model's training
 * segments, and how far another embedding lies from them.
 *
 * @param mean each dimension's mean
 * @param std  each dimension's standard deviation (floored, so a constant dimension does not divide by zero)
 */
public record EmbeddingPool(double[] mean, double[] std) {
    private static final double MIN_STD = 1e-6;

    public EmbeddingPool {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("an embedding pool needs as many means as deviations, at least one");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The statistics of {@code vectors}, all of one width. */
    public static EmbeddingPool of(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("no embeddings to pool");
        }
        int width = vectors.get(0).length;
        double[] sum = new double[width];
        double[] squares = new double[width];
        for (float[] v : vectors) {
            if (v.length != width) {
                throw new IllegalArgumentException("embeddings of widths " + width + " and " + v.length + " in one pool");
            }
            for (int i = 0; i < width; i++) {
                sum[i] += v[i];
                squares[i] += (double) v[i] * v[i];
            }
        }
        double[] mean = new double[width];
        double[] std = new double[width];
        for (int i = 0; i < width; i++) {
            mean[i] = sum[i] / vectors.size();
            std[i] = Math.max(MIN_STD, Math.sqrt(Math.max(0, squares[i] / vectors.size() - mean[i] * mean[i])));
        }
        return new EmbeddingPool(mean, std);
    }

    /** The mean over dimensions of the squared z-score of {@code v}: about 1 for a vector drawn from the pool. */
    public double meanSquaredZ(float[] v) {
        if (v.length != mean.length) {
            throw new IllegalArgumentException("an embedding of width " + v.length + " against a pool of width " + mean.length);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            double z = (v[i] - mean[i]) / std[i];
            sum += z * z;
        }
        return sum / v.length;
    }
}
