package io.serstreams.featureextractor.dsp;

import be.tarsos.dsp.util.fft.FFT;

/**
 * The one-sided spectrum of a real frame whose length is a power of two: the project's one FFT
 * (TarsosDSP's real transform), shared by every front end. Transforms the caller's buffer in place
 * and allocates nothing per frame. Not thread-safe; one per analyser.
 */
public final class RealSpectrum {
    private final FFT fft;
    private final int size;

    // TarsosDSP packs the result as [Re0, Re(N/2), Re1, Im1, Re2, Im2, ...]: both real-only bins come first.
    private static final int DC = 0;
    private static final int NYQUIST = 1;

    /** A transform of {@code size} samples (a power of two), giving {@code size / 2 + 1} bins. */
    public RealSpectrum(int size) {
        if (size < 4 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two of at least 4, not " + size);
        }
        this.fft = new FFT(size);
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Bins from DC to the Nyquist frequency. */
    public int bins() {
        return size / 2 + 1;
    }

    /** Transforms {@code frame} (overwritten) and writes each bin's magnitude |X[k]| to {@code magnitude}. */
    public void magnitude(float[] frame, float[] magnitude) {
        fft.forwardTransform(frame);
        int half = size / 2;
        magnitude[0] = Math.abs(frame[DC]);
        magnitude[half] = Math.abs(frame[NYQUIST]);
        for (int k = 1; k < half; k++) {
            float re = frame[2 * k];
            float im = frame[2 * k + 1];
            magnitude[k] = (float) Math.sqrt(re * re + im * im);
        }
    }

    /** Transforms {@code frame} (overwritten) and writes each bin's power Re² + Im² to {@code power}. */
    public void power(float[] frame, float[] power) {
        fft.forwardTransform(frame);
        int half = size / 2;
        power[0] = frame[DC] * frame[DC];
        power[half] = frame[NYQUIST] * frame[NYQUIST];
        for (int k = 1; k < half; k++) {
            float re = frame[2 * k];
            float im = frame[2 * k + 1];
            power[k] = re * re + im * im;
        }
    }
}
