package io.serstreams.trainer.augment;

/**
 * Short synthetic room reverberation: a Schroeder reverberator (four parallel feedback combs, two
 * series all-passes), mixed under the dry signal. Linear in the signal's length, unlike convolving
 * with a measured room response.
 */
final class Reverberation {
    private static final double[] COMB_SECONDS = {0.0297, 0.0371, 0.0411, 0.0437};
    private static final double[] ALLPASS_SECONDS = {0.005, 0.0017};
    private static final double ALLPASS_GAIN = 0.7;
    private static final float WET = 0.35f;

    private Reverberation() {
    }

    /** {@code dry} at {@code rate} Hz in a room of reverberation time {@code rt60} seconds, as a new array. */
    static float[] apply(float[] dry, int rate, double rt60) {
        float[] wet = new float[dry.length];
        for (double delaySeconds : COMB_SECONDS) {
            int delay = Math.max(1, (int) Math.round(delaySeconds * rate));
            // The comb's loop gain that decays by 60 dB over rt60 seconds.
            float feedback = (float) Math.pow(10, -3 * delaySeconds / rt60);
            float[] comb = new float[dry.length];
            for (int i = 0; i < dry.length; i++) {
                comb[i] = dry[i] + (i >= delay ? feedback * comb[i - delay] : 0);
                wet[i] += comb[i] / COMB_SECONDS.length;
            }
        }
        for (double delaySeconds : ALLPASS_SECONDS) {
            wet = allPass(wet, Math.max(1, (int) Math.round(delaySeconds * rate)));
        }
        float[] out = new float[dry.length];
        for (int i = 0; i < dry.length; i++) {
            out[i] = dry[i] + WET * wet[i];
        }
        return out;
    }

    private static float[] allPass(float[] x, int delay) {
        float[] y = new float[x.length];
        float g = (float) ALLPASS_GAIN;
        for (int i = 0; i < x.length; i++) {
            float delayedIn = i >= delay ? x[i - delay] : 0;
            float delayedOut = i >= delay ? y[i - delay] : 0;
            y[i] = -g * x[i] + delayedIn + g * delayedOut;
        }
        return y;
    }
}
