package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.dsp.StreamingResampler;

import java.util.Arrays;

/** Whole-signal resampling, for offline tools. */
public final class Resampling {
    private Resampling() {
    }

    /** {@code samples} at {@code from} Hz, resampled to {@code to} Hz with the streaming resampler. */
    public static float[] resample(float[] samples, int from, int to) {
        if (from == to) {
            return samples;
        }
        StreamingResampler resampler = new StreamingResampler(from, to);
        int ready = resampler.process(samples, 0, samples.length);
        float[] out = Arrays.copyOf(resampler.output(), ready);
        int tail = resampler.flush();
        float[] all = Arrays.copyOf(out, ready + tail);
        System.arraycopy(resampler.output(), 0, all, ready, tail);
        return all;
    }
}
