package io.serstreams.trainer.testing;

import java.util.Random;

/**
 * Voice-like test audio at 16 kHz: a harmonic tone under a 4 Hz syllable envelope. The envelope
 * matters: the voice detector takes a steady sound for background within a few seconds, so a
 * plain tone would give no segments.
 */
public final class SyntheticVoice {
    private static final int RATE = 16000;

    private SyntheticVoice() {
    }

    /**
     * {@code samples} samples of a voice at {@code f0} Hz with its given second and third harmonic
     * weights, peak amplitude about {@code amplitude}, pitch jitter and background noise drawn from
     * {@code random}.
     */
    public static float[] of(double f0, double amplitude, double second, double third, double jitter, double noise,
                             int samples, Random random) {
        float[] out = new float[samples];
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double t = (double) i / RATE;
            phase += 2 * Math.PI * f0 * (1 + jitter * random.nextGaussian()) / RATE;
            double syllable = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
            double tone = Math.sin(phase) + second * Math.sin(2 * phase) + third * Math.sin(3 * phase);
            out[i] = (float) (amplitude * syllable * tone + noise * random.nextGaussian());
        }
        return out;
    }
}
