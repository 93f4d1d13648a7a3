package io.serstreams.trainer.train;

import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.modelserver.bundle.Normalization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Standardisation statistics over the training examples: one mean and deviation for all log-mel
 * values (silence padding excluded), one per descriptor column. Computed on training data only
 * and shipped in the bundle, so a segment is never normalised with its own statistics.
 */
public final class NormalizationStats {
    private NormalizationStats() {
    }

    public static Normalization of(List<TrainingExample> examples, int melBands) {
        double melSum = 0;
        double melSquares = 0;
        long melCount = 0;
        int d = FrameDescriptor.COUNT;
        double[] sum = new double[d];
        double[] squares = new double[d];
        long frames = 0;
        for (TrainingExample e : examples) {
            float[] logMel = e.segment().logMel();
            int real = e.segment().frames() * melBands;
            for (int i = 0; i < real; i++) {
                melSum += logMel[i];
                melSquares += (double) logMel[i] * logMel[i];
            }
            melCount += real;
            float[] rows = e.segment().descriptors();
            for (int i = 0; i < rows.length; i++) {
                sum[i % d] += rows[i];
                squares[i % d] += (double) rows[i] * rows[i];
            }
            frames += e.segment().frames();
        }
        if (melCount == 0) {
            throw new IllegalArgumentException("no training examples to compute normalisation statistics from");
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int c = 0; c < d; c++) {
            mean[c] = (float) (sum[c] / frames);
            std[c] = deviation(squares[c] / frames - mean[c] * (double) mean[c]);
        }
        double melMean = melSum / melCount;
        return new Normalization((float) melMean, deviation(melSquares / melCount - melMean * melMean), mean, std);
    }

    /** Each domain's statistics over its own examples ({@link TrainingExample#source()}'s domain); no labels are read. */
    public static Map<String, Normalization> perDomain(List<TrainingExample> examples, int melBands) {
        Map<String, List<TrainingExample>> byDomain = new LinkedHashMap<>();
        for (TrainingExample e : examples) {
            byDomain.computeIfAbsent(e.source().domain(), k -> new ArrayList<>()).add(e);
        }
        Map<String, Normalization> stats = new LinkedHashMap<>();
        byDomain.forEach((domain, own) -> stats.put(domain, of(own, melBands)));
        return stats;
    }

    /** A deviation that is never zero: a constant column (the VAD flag in all-speech data) stays as it is. */
    private static float deviation(double variance) {
        return (float) Math.max(Math.sqrt(Math.max(variance, 0)), 1e-3);
    }
}
