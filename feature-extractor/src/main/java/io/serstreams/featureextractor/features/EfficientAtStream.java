package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.dsp.StreamingResampler;

import java.util.Arrays;

import static io.serstreams.featureextractor.features.EfficientAtFrontEnd.HOP;
import static io.serstreams.featureextractor.features.EfficientAtFrontEnd.MEL_BANDS;
import static io.serstreams.featureextractor.features.EfficientAtFrontEnd.MIN_SAMPLES;
import static io.serstreams.featureextractor.features.EfficientAtFrontEnd.PAD;
import static io.serstreams.featureextractor.features.EfficientAtFrontEnd.PRE_EMPHASIS;
import static io.serstreams.featureextractor.features.EfficientAtFrontEnd.WINDOW;
import static io.serstreams.featureextractor.features.EfficientAtFrontEnd.WINDOW_OFFSET;

/**
 * {@link EfficientAtFrontEnd}'s frames from audio pushed in pieces of any size, at any input rate
 * (resampled to 32 kHz by {@link StreamingResampler}). The frames, their values and their count
 * are exactly those of {@link EfficientAtFrontEnd#logMel(float[], int)} on the whole signal, however
 * it is cut.
 *
 * <p>When frames come out: frame t covers 32 kHz samples up to 320t + 400 (its window's last
 * sample), and the reflect padding at the start needs the first 514, so frame 0 comes once 514
 * samples are in and frame t once 320t + 401 are (counted at 32 kHz, out of the resampler, which
 * holds back its filter's half length: 23 input samples from 8 or 16 kHz). The last one or two
 * frames reach into the right padding, which mirrors the end of the signal: they come from
 * {@link #finish}, which also flushes the resampler's tail. A stream that ends with fewer than 514 samples at 32 kHz yields no frame.
 * Nothing is allocated per frame once the buffers have grown to the largest piece pushed.
 *
 * <p>Not thread-safe: one per audio channel.
 */
public final class EfficientAtStream {
    /** Receives frames in order; {@code logMel} (128 values, low band first) is only valid during the call. */
    @FunctionalInterface
    public interface FrameSink {
        void frame(long index, float[] logMel);
    }

    private final StreamingResampler resampler;
    private final EfficientAtFrameAnalyzer analyzer = new EfficientAtFrameAnalyzer();
    private final float[] logMel = new float[MEL_BANDS];

    /** The padded, pre-emphasised signal from padded index {@code bufferStart} on. */
    private float[] padded = new float[16384];
    private long bufferStart;
    private int bufferLength = PAD;
    private long received;
    private float previous;
    private long nextFrame;
    private boolean finished;

    /** A stream of audio at {@code inputRate} Hz. */
    public EfficientAtStream(int inputRate) {
        this.resampler = new StreamingResampler(inputRate, EfficientAtFrontEnd.SAMPLE_RATE);
    }

    /** Pushes {@code length} samples at the input rate; the frames they complete go to {@code sink}. */
    public void accept(float[] samples, int offset, int length, FrameSink sink) {
        if (finished) {
            throw new IllegalStateException("the stream has finished: audio can no longer be added");
        }
        int ready = resampler.process(samples, offset, length);
        append(resampler.output(), ready);
        emit(Long.MAX_VALUE, sink);
    }

    /** Ends the stream: the last frames (those reaching into the right padding) go to {@code sink}. */
    public void finish(FrameSink sink) {
        if (finished) {
            return;
        }
        append(resampler.output(), resampler.flush());
        finished = true;
        if (received < MIN_SAMPLES) {
            return;
        }
        padded = grown(padded, bufferLength + PAD);
        reflectEnd(bufferLength);
        bufferLength += PAD;
        emit(EfficientAtFrontEnd.frameCount(received), sink);
    }

    /** Frames handed to sinks so far. */
    public long frames() {
        return nextFrame;
    }

    private void append(float[] samples, int length) {
        if (length == 0) {
            return;
        }
        makeRoom(length);
        int from = 0;
        if (received == 0) {
            previous = samples[0]; // pre-emphasis has no output for the first sample
            from = 1;
        }
        int at = bufferLength;
        float last = previous;
        for (int i = from; i < length; i++) {
            float x = samples[i];
            padded[at++] = x - PRE_EMPHASIS * last;
            last = x;
        }
        previous = last;
        boolean startWasMissing = received < MIN_SAMPLES;
        bufferLength = at;
        received += length;
        if (startWasMissing && received >= MIN_SAMPLES) {
            reflectStart();
        }
    }

    private void emit(long frameLimit, FrameSink sink) {
        if (received < MIN_SAMPLES) {
            return;
        }
        long end = bufferStart + bufferLength;
        while (nextFrame < frameLimit && nextFrame * HOP + WINDOW_OFFSET + WINDOW <= end) {
            analyzer.analyze(padded, (int) (nextFrame * HOP + WINDOW_OFFSET - bufferStart), logMel);
            sink.frame(nextFrame++, logMel);
        }
    }

    /** Room for {@code length} more values: drops what no frame needs any more, then grows if that is not enough. */
    private void makeRoom(int length) {
        if (bufferLength + length <= padded.length) {
            return;
        }
        if (received >= MIN_SAMPLES) {
            // Keep the next frame's window and the last PAD + 1 values, which the right padding mirrors.
            long keepFrom = Math.min(nextFrame * HOP + WINDOW_OFFSET, bufferStart + bufferLength - (PAD + 1));
            int drop = (int) (keepFrom - bufferStart);
            System.arraycopy(padded, drop, padded, 0, bufferLength - drop);
            bufferLength -= drop;
            bufferStart = keepFrom;
        }
        padded = grown(padded, bufferLength + length);
    }

    /** The left padding mirrors y[1..512] around y[0], which sits at padded index PAD. */
    private void reflectStart() {
        for (int j = 0; j < PAD; j++) {
            padded[j] = padded[2 * PAD - j];
        }
    }

    /** The right padding mirrors the signal's end around its last value, which sits just before {@code end}. */
    private void reflectEnd(int end) {
        for (int i = 0; i < PAD; i++) {
            padded[end + i] = padded[end - 2 - i];
        }
    }

    private static float[] grown(float[] buffer, int capacity) {
        return capacity <= buffer.length ? buffer : Arrays.copyOf(buffer, Math.max(capacity, 2 * buffer.length));
    }
}
