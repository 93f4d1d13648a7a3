package io.serstreams.featureextractor.dsp;

/**
 * A second-order IIR filter (direct form I), designed as a Butterworth (Q = 1/sqrt 2) low- or
 * high-pass section by the bilinear transform. Cascade two for a telephone band limit.
 */
public final class Biquad {
    private static final double BUTTERWORTH_Q = Math.sqrt(0.5);

    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;

    private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
        this.b0 = b0 / a0;
        this.b1 = b1 / a0;
        this.b2 = b2 / a0;
        this.a1 = a1 / a0;
        this.a2 = a2 / a0;
    }

    /** A low-pass section with its -3 dB point at {@code cutoffHz}. */
    public static Biquad lowPass(double cutoffHz, int sampleRate) {
        double w = omega(cutoffHz, sampleRate);
        double alpha = Math.sin(w) / (2 * BUTTERWORTH_Q);
        double cos = Math.cos(w);
        return new Biquad((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /** A high-pass section with its -3 dB point at {@code cutoffHz}. */
    public static Biquad highPass(double cutoffHz, int sampleRate) {
        double w = omega(cutoffHz, sampleRate);
        double alpha = Math.sin(w) / (2 * BUTTERWORTH_Q);
        double cos = Math.cos(w);
        return new Biquad((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    private static double omega(double cutoffHz, int sampleRate) {
        if (!(cutoffHz > 0 && cutoffHz < sampleRate / 2.0)) {
            throw new IllegalArgumentException("cut-off " + cutoffHz + " Hz must lie between 0 and half the sample rate " + sampleRate);
        }
        return 2 * Math.PI * cutoffHz / sampleRate;
    }

    /** The whole signal filtered from rest, as a new array. */
    public float[] filter(float[] samples) {
        float[] out = new float[samples.length];
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < samples.length; i++) {
            double x = samples[i];
            double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            out[i] = (float) y;
        }
        return out;
    }
}
