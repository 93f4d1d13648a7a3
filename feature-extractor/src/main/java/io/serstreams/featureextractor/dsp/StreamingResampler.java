package io.serstreams.featureextractor.dsp;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A band-limited sample-rate converter for a stream: polyphase windowed-sinc (Kaiser window), for
 * any ratio of whole rates. Its whole transition band lies below the lower of the two Nyquist
 * frequencies: flat (within 0.001 dB) to 0.75 of it, 6 dB down at 0.875, and at least 87 dB down
 * from the Nyquist frequency on. So downsampling suppresses what would alias instead of folding it
 * back, and upsampling adds nothing above the input's band (8 kHz telephone audio at 32 kHz has
 * nothing above 4 kHz).
 *
 * <p>Output does not depend on how the input is chunked: every output sample is computed from the
 * same input samples in the same order, whatever the chunk boundaries. Not thread-safe; one per stream.
 */
public final class StreamingResampler {
    /**
     * Zero crossings of the sinc on each side, in units of the lower rate: the filter's length, which
     * sets the transition band's width (0.25 of the lower Nyquist frequency at this beta).
     */
    private static final int ZERO_CROSSINGS = 20;
    /** Cutoff (-6 dB) as a fraction of the lower Nyquist frequency: the middle of the transition band. */
    private static final double ROLLOFF = 0.875;
    /** The Kaiser window's shape: about 90 dB of stopband attenuation. */
    private static final double KAISER_BETA = 9.0;

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final int halfWidth;
    private final float[][] phases;

    private float[] history = new float[4096];
    private long historyStart;
    private int historyLength;
    private long nextOutput;
    // nextOutput's filter centre (its position in input samples) and phase, stepped instead of divided for every output.
    private long nextCenter;
    private int nextPhase;
    private final int centerStep;
    private final int phaseStep;
    private float[] output = new float[4096];
    private float[] sums = new float[1024];

    public StreamingResampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + inRate + " -> " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        int gcd = gcd(inRate, outRate);
        this.up = outRate / gcd;
        this.down = inRate / gcd;
        double cutoff = Math.min(1.0, (double) up / down) * ROLLOFF;
        this.halfWidth = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        this.phases = isIdentity() ? new float[0][] : design(up, halfWidth, cutoff);
        this.centerStep = down / up;
        this.phaseStep = down % up;
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** True when the rates are equal and samples pass through unchanged. */
    public boolean isIdentity() {
        return inRate == outRate;
    }

    /**
     * Takes {@code length} input samples and returns how many output samples are ready, found at the
     * start of {@link #output()} until the next call.
     */
    public int process(float[] in, int offset, int length) {
        ensureOutput((historyLength + (long) length) * up / down + 2);
        if (isIdentity()) {
            System.arraycopy(in, offset, output, 0, length);
            return length;
        }
        append(in, offset, length);
        return produce();
    }

    /** Ends the stream: returns how many final output samples are ready in {@link #output()}. */
    public int flush() {
        if (isIdentity()) {
            return 0;
        }
        long totalIn = historyStart + historyLength;
        long totalOut = (totalIn * up + down - 1) / down;
        ensureOutput(totalOut - nextOutput + 1);
        int produced = 0;
        while (nextOutput < totalOut) {
            output[produced++] = computeNext();
        }
        return produced;
    }

    /** Writes what the stream has carried over (pending input and position), so {@link #readState} can resume it. */
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(historyStart);
        out.writeLong(nextOutput);
        out.writeInt(historyLength);
        for (int i = 0; i < historyLength; i++) {
            out.writeFloat(history[i]);
        }
    }

    /** Resumes a stream from {@link #writeState} output, for a resampler of the same rates. */
    public void readState(DataInput in) throws IOException {
        historyStart = in.readLong();
        nextOutput = in.readLong();
        nextCenter = nextOutput * down / up;
        nextPhase = (int) (nextOutput * down % up);
        historyLength = in.readInt();
        if (history.length < historyLength) {
            history = new float[historyLength];
        }
        for (int i = 0; i < historyLength; i++) {
            history[i] = in.readFloat();
        }
    }

    /** The buffer holding the samples the last {@link #process} or {@link #flush} made ready. */
    public float[] output() {
        return output;
    }

    /** Computes every output whose filter span (up to input index center + halfWidth) has arrived. */
    private int produce() {
        long available = historyStart + historyLength;
        int produced = 0;
        boolean wholeUpsampling = down == 1;
        while (nextCenter + halfWidth < available
                && (!wholeUpsampling || nextPhase != 0 || nextCenter - halfWidth + 1 < historyStart)) {
            output[produced++] = computeNext();
        }
        int centers = (int) Math.max(0, available - halfWidth - nextCenter);
        if (wholeUpsampling && centers > 0) {
            upsample(centers, produced);
            produced += centers * up;
            nextOutput += (long) centers * up;
            nextCenter += centers;
        }
        discardBefore(nextCenter - halfWidth + 1);
        return produced;
    }

    /**
     * The outputs of {@code centers} whole input samples from {@code nextCenter} on, for a whole
     * upsampling factor, into {@code output[at..]}. Each phase's outputs over consecutive centres are
     * one filter sliding over the input, summed tap by tap across the block: the JIT turns that inner
     * loop into vector instructions, where one dot product per output runs several times slower. Each
     * output still adds its products in tap order from zero, as {@link #computeNext} does, so the
     * result does not depend on the block, nor on how the input was chunked.
     */
    private void upsample(int centers, int at) {
        int first = (int) (nextCenter - halfWidth + 1 - historyStart);
        if (sums.length < centers) {
            sums = new float[Math.max(centers, 2 * sums.length)];
        }
        for (int p = 0; p < up; p++) {
            float[] taps = phases[p];
            Arrays.fill(sums, 0, centers, 0f);
            for (int j = 0; j < taps.length; j++) {
                float tap = taps[j];
                int from = first + j;
                for (int k = 0; k < centers; k++) {
                    sums[k] += history[from + k] * tap;
                }
            }
            for (int k = 0; k < centers; k++) {
                output[at + k * up + p] = sums[k];
            }
        }
    }

    /** Computes output {@code nextOutput} and moves on to the next one. */
    private float computeNext() {
        float[] taps = phases[nextPhase];
        int local = (int) (nextCenter - halfWidth + 1 - historyStart);
        nextOutput++;
        nextCenter += centerStep;
        nextPhase += phaseStep;
        if (nextPhase >= up) {
            nextPhase -= up;
            nextCenter++;
        }
        float sum = 0;
        if (local >= 0 && local + taps.length <= historyLength) {
            for (int j = 0; j < taps.length; j++) {
                sum += history[local + j] * taps[j];
            }
        } else {
            // At the start or end of the stream: samples outside it count as silence.
            for (int j = 0; j < taps.length; j++) {
                int index = local + j;
                if (index >= 0 && index < historyLength) {
                    sum += history[index] * taps[j];
                }
            }
        }
        return sum;
    }

    private void append(float[] in, int offset, int length) {
        if (historyLength + length > history.length) {
            history = Arrays.copyOf(history, Math.max(history.length * 2, historyLength + length));
        }
        System.arraycopy(in, offset, history, historyLength, length);
        historyLength += length;
    }

    private void discardBefore(long index) {
        int drop = (int) Math.min(historyLength, Math.max(0, index - historyStart));
        if (drop > 0) {
            System.arraycopy(history, drop, history, 0, historyLength - drop);
            historyLength -= drop;
            historyStart += drop;
        }
    }

    private void ensureOutput(long capacity) {
        if (capacity > output.length) {
            output = new float[(int) Math.max(capacity, output.length * 2L)];
        }
    }

    /** Coefficients for each of the {@code up} fractional offsets, each normalised to unit DC gain. */
    private static float[][] design(int up, int halfWidth, double cutoff) {
        float[][] phases = new float[up][2 * halfWidth];
        double i0Beta = besselI0(KAISER_BETA);
        for (int p = 0; p < up; p++) {
            double sum = 0;
            double[] taps = new double[2 * halfWidth];
            for (int j = 0; j < taps.length; j++) {
                double tau = j - halfWidth + 1 - (double) p / up;
                double x = tau / halfWidth;
                double window = Math.abs(x) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / i0Beta;
                taps[j] = cutoff * sinc(cutoff * tau) * window;
                sum += taps[j];
            }
            for (int j = 0; j < taps.length; j++) {
                phases[p][j] = (float) (taps[j] / sum);
            }
        }
        return phases;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
