package io.serstreams.trainer.eval;

import io.serstreams.modelserver.bundle.Calibration;
import io.serstreams.modelserver.engine.Argmax;

import java.util.List;

/**
 * Expected calibration error: readings binned by their confidence (the top probability) into equal
 * widths; the gap between each bin's mean confidence and its accuracy, weighted by its share of
 * readings, summed.
 *
 * @param ece        the expected calibration error, 0 to 1
 * @param accuracy   the share of readings whose top class is right
 * @param count      readings scored
 * @param confidence each bin's mean confidence (NaN where the bin is empty)
 * @param correct    each bin's accuracy (NaN where the bin is empty)
 * @param counts     readings per bin
 */
public record CalibrationError(double ece, double accuracy, int count, double[] confidence, double[] correct, int[] counts) {
    /** Bins of the reported figures and diagrams. */
    public static final int BINS = 10;

    /** The error of {@code samples}' readings at temperature {@code t}. */
    public static CalibrationError of(List<CalibrationSample> samples, double t) {
        return of(samples, new Calibration(t, "trial"));
    }

    /** The error of {@code samples}' readings under {@code calibration}. */
    public static CalibrationError of(List<CalibrationSample> samples, Calibration t) {
        float[] top = new float[samples.size()];
        boolean[] right = new boolean[samples.size()];
        for (int i = 0; i < top.length; i++) {
            CalibrationSample s = samples.get(i);
            float[] p = s.reading(t);
            int best = Argmax.of(p);
            top[i] = p[best];
            right[i] = best == s.label();
        }
        return of(top, right);
    }

    /** The error of readings of confidence {@code top[i]} (their top probability), right where {@code right[i]}. */
    static CalibrationError of(float[] top, boolean[] right) {
        double[] confidence = new double[BINS];
        double[] correct = new double[BINS];
        int[] counts = new int[BINS];
        int rightCount = 0;
        for (int i = 0; i < top.length; i++) {
            int bin = Math.min(BINS - 1, (int) (top[i] * BINS));
            counts[bin]++;
            confidence[bin] += top[i];
            if (right[i]) {
                correct[bin]++;
                rightCount++;
            }
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (counts[b] == 0) {
                confidence[b] = Double.NaN;
                correct[b] = Double.NaN;
                continue;
            }
            confidence[b] /= counts[b];
            correct[b] /= counts[b];
            ece += (double) counts[b] / top.length * Math.abs(confidence[b] - correct[b]);
        }
        return new CalibrationError(ece, top.length == 0 ? Double.NaN : (double) rightCount / top.length, top.length, confidence, correct, counts);
    }
}
