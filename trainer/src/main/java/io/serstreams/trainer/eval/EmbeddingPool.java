package io.serstreams.trainer.eval;

import java.util.List;

/**
 * The extractor's embeddings of a model's training segments, and how far another embedding lies from
 * them: by its z-scores against their per-dimension statistics, or by the cosine distance to its
 * nearest neighbours among them.
 *
 * @param mean each dimension's mean
 * @param std  each dimension's standard deviation (floored, so a constant dimension does not divide by zero)
 * @param unit the pooled embeddings scaled to unit length
 */
public record EmbeddingPool(double[] mean, double[] std, float[][] unit) {
    private static final double MIN_STD = 1e-6;
    /** Neighbours {@link #neighbourDistance} averages over. */
    public static final int NEIGHBOURS = 10;

    public EmbeddingPool {
        if (mean.length != std.length || mean.length == 0 || unit.length == 0) {
            throw new IllegalArgumentException("an embedding pool needs as many means as deviations, at least one, and at least one embedding");
        }
        mean = mean.clone();
        std = std.clone();
        unit = unit.clone();
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
        return new EmbeddingPool(mean, std, vectors.stream().map(EmbeddingPool::unitLength).toArray(float[][]::new));
    }

    /**
     * The mean cosine distance from {@code v} to its {@link #NEIGHBOURS} nearest pooled embeddings (all of
     * them where there are fewer): 0 on top of training segments, up to 2.
     */
    public double neighbourDistance(float[] v) {
        if (v.length != mean.length) {
            throw new IllegalArgumentException("an embedding of width " + v.length + " against a pool of width " + mean.length);
        }
        float[] u = unitLength(v);
        double[] distances = new double[unit.length];
        for (int i = 0; i < unit.length; i++) {
            double dot = 0;
            for (int d = 0; d < u.length; d++) {
                dot += (double) u[d] * unit[i][d];
            }
            distances[i] = 1 - dot;
        }
        java.util.Arrays.sort(distances);
        int k = Math.min(NEIGHBOURS, distances.length);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += distances[i];
        }
        return sum / k;
    }

    private static float[] unitLength(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        float[] out = new float[v.length];
        if (norm == 0) {
            return out; // a zero vector is orthogonal to every embedding: distance 1
        }
        double scale = 1 / Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * scale);
        }
        return out;
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
