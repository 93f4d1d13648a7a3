package io.serstreams.featureextractor.dsp;

import java.util.random.RandomGenerator;

/** Noise (for channel augmentation and test signals), and mixing it under a signal at a given signal-to-noise ratio. */
public final class NoiseSignals {
    /** Rows of the Voss-McCartney pink-noise generator: a flat 1/f slope over about 16 octaves. */
    private static final int PINK_ROWS = 16;

    private NoiseSignals() {
    }

    /** Gaussian white noise of unit variance. */
    public static float[] white(int length, RandomGenerator random) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    /**
     * Pink (1/f) noise: the sum of rows of random values, row k redrawn every 2^k samples (the row to
     * redraw is the lowest set bit of the sample count), plus a white row.
     */
    public static float[] pink(int length, RandomGenerator random) {
        double[] rows = new double[PINK_ROWS];
        double total = 0;
        for (int k = 0; k < PINK_ROWS; k++) {
            rows[k] = random.nextGaussian();
            total += rows[k];
        }
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            int k = Integer.numberOfTrailingZeros(i + 1);
            if (k < PINK_ROWS) {
                total -= rows[k];
                rows[k] = random.nextGaussian();
                total += rows[k];
            }
            out[i] = (float) (total + random.nextGaussian());
        }
        return out;
    }

    /** Mean square of {@code x}. */
    public static double power(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return x.length == 0 ? 0 : sum / x.length;
    }

    /** Adds {@code noise} to {@code signal} in place, scaled to {@code snrDb} below the signal's power (silence stays silent). */
    public static void mixAt(float[] signal, float[] noise, double snrDb) {
        double signalPower = power(signal);
        double noisePower = power(noise);
        if (signalPower == 0 || noisePower == 0) {
            return;
        }
        float scale = (float) Math.sqrt(signalPower / (noisePower * Math.pow(10, snrDb / 10)));
        for (int i = 0; i < signal.length; i++) {
            signal[i] += noise[i % noise.length] * scale;
        }
    }
}
