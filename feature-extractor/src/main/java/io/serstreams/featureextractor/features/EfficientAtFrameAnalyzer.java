package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.dsp.RealSpectrum;

import java.util.Arrays;

/**
 * One frame of EfficientAT's front end: a symmetric Hann window of 800 samples in the middle of a
 * 1024-sample frame of the padded, pre-emphasised 32 kHz signal, its power spectrum, the 128 mel
 * bands, and {@code (ln(mel + 1e-5) + 4.5) / 5}. Buffers are allocated once: a frame allocates
 * nothing. Not thread-safe; each {@link EfficientAtStream} holds its own.
 */
final class EfficientAtFrameAnalyzer {
    private final float[] window = new float[EfficientAtFrontEnd.WINDOW];
    private final RealSpectrum fft = new RealSpectrum(EfficientAtFrontEnd.FFT_SIZE);
    private final float[] frame = new float[EfficientAtFrontEnd.FFT_SIZE];
    private final float[] power = new float[fft.bins()];
    private final float[] mel = new float[EfficientAtFrontEnd.MEL_BANDS];
    private final MelFilterBank melBank = EfficientAtFrontEnd.melFilterBank();

    EfficientAtFrameAnalyzer() {
        int last = window.length - 1;
        for (int n = 0; n < window.length; n++) {
            window[n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * n / last)); // symmetric: w[0] = w[799] = 0
        }
    }

    /**
     * Analyses the frame whose windowed part (its positions 112..911) starts at {@code padded[offset]}
     * and writes its 128 values, low band first, to {@code logMel}.
     */
    void analyze(float[] padded, int offset, float[] logMel) {
        int lead = EfficientAtFrontEnd.WINDOW_OFFSET;
        // The transform works in place, so the zeros around the window are written again for every frame.
        Arrays.fill(frame, 0, lead, 0f);
        for (int n = 0; n < window.length; n++) {
            frame[lead + n] = padded[offset + n] * window[n];
        }
        Arrays.fill(frame, lead + window.length, frame.length, 0f);
        fft.power(frame, power);
        melBank.apply(power, mel, 0);
        for (int b = 0; b < mel.length; b++) {
            logMel[b] = ((float) Math.log(mel[b] + EfficientAtFrontEnd.LOG_OFFSET) + 4.5f) / 5f;
        }
    }
}
