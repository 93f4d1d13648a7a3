package io.serstreams.featureextractor.features;

/**
 * The front end of the pre-trained EfficientAT mn04 encoder (eval mode), over a whole signal:
 * 32 kHz audio in, {@code [128 mel bands][T frames]} out, one frame every 10 ms. In order:
 * pre-emphasis {@code y[n] = x[n+1] - 0.97 x[n]} (one sample fewer than the input), 512 samples of
 * reflect padding on each side, frames of 1024 every 320 samples with a symmetric 800-sample Hann
 * window in their middle, a 1024-point power spectrum, 128 mel bands (Kaldi's bank: 0 to 15 kHz,
 * triangles linear in mel, no DC weight, a zero Nyquist column), and {@code (ln(mel + 1e-5) + 4.5) / 5}.
 *
 * <p>A signal of N samples has {@code 1 + floor((N - 1) / 320)} frames; reflect padding needs
 * N &gt;= 514 (16 ms), and shorter signals have no frames. {@link EfficientAtStream} computes the
 * same frames from audio pushed in pieces, at any input rate.
 */
public final class EfficientAtFrontEnd {
    /** The rate the encoder's front end works at. */
    public static final int SAMPLE_RATE = 32000;
    public static final int MEL_BANDS = 128;
    /** Samples from one frame to the next (10 ms). */
    public static final int HOP = 320;
    public static final int FFT_SIZE = 1024;
    /** Length of the symmetric Hann window, centred in the FFT frame. */
    public static final int WINDOW = 800;
    /** The value of a band with no energy at all: {@code (ln(1e-5) + 4.5) / 5}. */
    public static final float FLOOR = ((float) Math.log(1e-5f) + 4.5f) / 5f;
    /** The shortest signal the reflect padding is defined for. */
    public static final int MIN_SAMPLES = FFT_SIZE / 2 + 2;

    static final int PAD = FFT_SIZE / 2;
    static final int WINDOW_OFFSET = (FFT_SIZE - WINDOW) / 2;
    static final float PRE_EMPHASIS = 0.97f;
    static final float LOG_OFFSET = 1e-5f;
    /** EfficientAT's default upper edge: its training jitters it by up to 1 kHz, so it stays below Nyquist. */
    static final double MEL_HIGH_HZ = 15000;
    /** Immutable, so every analyser shares it. */
    private static final MelFilterBank MEL_FILTER_BANK = new MelFilterBank(SAMPLE_RATE, FFT_SIZE, MEL_BANDS, 0, MEL_HIGH_HZ);

    private EfficientAtFrontEnd() {
    }

    /** The 128 x 513 mel matrix the power spectrum is multiplied with. */
    public static MelFilterBank melFilterBank() {
        return MEL_FILTER_BANK;
    }

    /** Frames of a signal of {@code samples} samples at 32 kHz. */
    public static int frameCount(long samples) {
        return samples < MIN_SAMPLES ? 0 : Math.toIntExact(1 + (samples - 1) / HOP);
    }

    /** {@code [128][T]} log-mel values (band-major, low band first) of mono audio at 32 kHz. */
    public static float[][] logMel(float[] samples) {
        float[][] bands = new float[MEL_BANDS][frameCount(samples.length)];
        EfficientAtStream.FrameSink into = (frame, logMel) -> {
            for (int b = 0; b < MEL_BANDS; b++) {
                bands[b][(int) frame] = logMel[b];
            }
        };
        EfficientAtStream stream = new EfficientAtStream(SAMPLE_RATE);
        stream.accept(samples, 0, samples.length, into);
        stream.finish(into);
        return bands;
    }

    /** {@code [128][T]} log-mel values of mono audio at {@code sampleRate}, resampled to 32 kHz first. */
    public static float[][] logMel(float[] samples, int sampleRate) {
        return logMel(Resampling.resample(samples, sampleRate, SAMPLE_RATE));
    }
}
