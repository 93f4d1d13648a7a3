package io.serstreams.trainer.eval;

import io.serstreams.modelserver.bundle.Calibration;
import io.serstreams.modelserver.engine.Argmax;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the expected calibration error of a perfectly calibrated model would read on the same
 * readings: each reading's class drawn from its own probabilities, many times over, and the ECE of
 * each draw. On a few dozen utterances the binned ECE is far from zero even then, so a measured
 * ECE says little unless it stands above this.
 *
 * @param mean   the mean ECE over the draws
 * @param upper  its 95th percentile: a measured ECE below it is within the noise of perfect calibration
 * @param draws  how many draws were made
 */
public record CalibrationNoise(double mean, double upper, int draws) {
    /** Draws made for the reported figures. */
    public static final int DRAWS = 2000;

    /** The noise of {@code samples}' readings at temperature {@code t}, from {@code draws} draws seeded by {@code seed}. */
    public static CalibrationNoise of(List<CalibrationSample> samples, double t, int draws, long seed) {
        return of(samples, new Calibration(t, "trial"), draws, seed);
    }

    /** The noise of {@code samples}' readings under {@code t}, from {@code draws} draws seeded by {@code seed}. */
    public static CalibrationNoise of(List<CalibrationSample> samples, Calibration t, int draws, long seed) {
        if (samples.isEmpty() || draws < 1) {
            throw new IllegalArgumentException("the noise of an ECE needs readings and at least one draw");
        }
        float[][] readings = samples.stream().map(s -> s.reading(t)).toArray(float[][]::new);
        float[] top = new float[readings.length];
        int[] best = new int[readings.length];
        for (int i = 0; i < readings.length; i++) {
            best[i] = Argmax.of(readings[i]);
            top[i] = readings[i][best[i]];
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] eces = new double[draws];
        boolean[] right = new boolean[readings.length];
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < readings.length; i++) {
                right[i] = draw(readings[i], random.nextDouble()) == best[i];
            }
            eces[d] = CalibrationError.of(top, right).ece();
        }
        Arrays.sort(eces);
        return new CalibrationNoise(Arrays.stream(eces).average().orElseThrow(), eces[(int) Math.ceil(0.95 * draws) - 1], draws);
    }

    /** The class {@code u} (uniform in [0, 1)) falls on under {@code p}; rounding's remainder goes to the last class. */
    private static int draw(float[] p, double u) {
        double sum = 0;
        for (int k = 0; k < p.length - 1; k++) {
            sum += p[k];
            if (u < sum) {
                return k;
            }
        }
        return p.length - 1;
    }
}
