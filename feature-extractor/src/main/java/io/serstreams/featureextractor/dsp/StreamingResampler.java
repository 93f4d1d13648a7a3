package io.serstreams.featureextractor.dsp;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A band-limited sample-rate converter for a stream: polyphase windowed-sinc (Kaiser window), for
 * any ratio of whole rates. Its cutoff sits just below the lower of the two Nyquist frequencies, so
 * downsampling suppresses what would alias instead of folding it back.
 *
 * <p>Output does not depend on how the input is chunked: every output sample is computed from the
 * same input samples in the same order, whatever the chunk boundaries. Not thread-safe; one per stream.
 */
public final class StreamingResampler {
    /** Zero crossings of the sinc on each side, in units of the lower rate: the filter's length. */
    private static final int ZERO_CROSSINGS = 16;
    /** Cutoff as a fraction of the lower Nyquist frequency. */
    private static final double ROLLOFF = 0.92;
    private static final double KAISER_BETA = 8.0;

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
    private float[] output = new float[4096];

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
            output[produced++] = compute(nextOutput++);
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
        while (nextOutput * down / up + halfWidth < available) {
            output[produced++] = compute(nextOutput++);
        }
        discardBefore(nextOutput * down / up - halfWidth + 1);
        return produced;
    }

    private float compute(long n) {
        long position = n * down;
        long center = position / up;
        float[] taps = phases[(int) (position % up)];
        int local = (int) (center - halfWidth + 1 - historyStart);
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
