package io.serstreams.featureextractor.testing;

import java.util.Random;

/** Generated test audio: tones, silence, and a voice-like signal (harmonics with a gliding pitch and syllable envelope). */
public final class Signals {
    private Signals() {
    }

    public static float[] tone(double hz, double amplitude, int samples, int rate) {
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return out;
    }

    /** A voice-like signal: 8 harmonics of a pitch gliding around {@code f0}, in 4 Hz syllables, with a little noise. */
    public static float[] voice(double f0, int samples, int rate, long seed) {
        Random random = new Random(seed);
        float[] out = new float[samples];
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double t = (double) i / rate;
            double pitch = f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 0.7 * t));
            phase += 2 * Math.PI * pitch / rate;
            double sum = 0;
            for (int h = 1; h <= 8; h++) {
                sum += Math.sin(h * phase) / h;
            }
            double envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
            out[i] = (float) (0.25 * envelope * sum + 0.003 * random.nextGaussian());
        }
        return out;
    }

    public static float[] concat(float[]... parts) {
        int total = 0;
        for (float[] p : parts) {
            total += p.length;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    public static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }
}
