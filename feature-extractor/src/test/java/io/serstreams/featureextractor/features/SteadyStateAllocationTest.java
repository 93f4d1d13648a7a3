package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.testing.Signals;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot path allocates nothing per frame: once warm, analysing frames and streaming audio that
 * completes no segment allocates (next to) no memory. Counts bytes with the JVM's per-thread
 * allocation counter, not time.
 */
class SteadyStateAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocated() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void analysingAFrameAllocatesNothing(boolean voice) {
        FrameAnalyzer analyzer = new FrameAnalyzer(FeatureConfig.DEFAULT);
        float[] audio = voice ? Signals.voice(160, 16000, 16000, 1) : new float[16000];
        float[] logMel = new float[64];
        float[] descriptors = new float[FrameDescriptor.COUNT];
        for (int warm = 0; warm < 20_000; warm++) {
            analyzer.analyze(audio, (warm % 90) * 160, logMel, 0, descriptors, 0);
        }
        long before = allocated();
        for (int f = 0; f < 10_000; f++) {
            analyzer.analyze(audio, (f % 90) * 160, logMel, 0, descriptors, 0);
        }
        assertThat(allocated() - before).as("bytes allocated by 10,000 frames").isLessThan(10_000);
    }

    @Test
    void streamingChunksAllocatesNothingBetweenSegments() {
        ChannelFeatureExtractor extractor = new ChannelFeatureExtractor(FeatureConfig.DEFAULT, 8000);
        float[] chunk = new float[160];
        java.util.function.Consumer<Segment> ignore = s -> { };
        // Long enough for the JIT's optimising tier, which removes the temporaries interpreted code makes.
        for (int warm = 0; warm < 60_000; warm++) {
            extractor.accept(chunk, 0, chunk.length, ignore);
        }
        long before = allocated();
        // 60 s of silent 20 ms chunks: framing, resampling, analysis and VAD, but no segment to emit.
        for (int c = 0; c < 3000; c++) {
            extractor.accept(chunk, 0, chunk.length, ignore);
        }
        assertThat(extractor.segmentCount()).isZero();
        // One object per frame would be at least 16 bytes x 6,000 frames. What remains is JIT warm-up
        // residue, not proportional to frames (about 100 bytes in a standalone JVM, see the module README).
        assertThat(allocated() - before).as("bytes allocated by 6,000 frames").isLessThan(6_000 * 16 / 2);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} Hz")
    @org.junit.jupiter.params.provider.ValueSource(ints = {16000, 8000})
    void theEncoderFrontEndStreamsWithoutAllocatingPerFrame(int rate) {
        EfficientAtStream stream = new EfficientAtStream(rate);
        float[] voice = Signals.voice(160, rate, rate, 1);
        int chunk = rate / 50;
        long[] frames = new long[1];
        EfficientAtStream.FrameSink count = (index, logMel) -> frames[0] += logMel.length > 0 ? 1 : 0;
        for (int warm = 0; warm < 30_000; warm++) {
            stream.accept(voice, (warm % 50) * chunk, chunk, count);
        }
        long framesBefore = frames[0];
        long before = allocated();
        // 60 s of 20 ms chunks: resampling to 32 kHz, pre-emphasis, framing, FFT, mel bands, logs.
        for (int c = 0; c < 3000; c++) {
            stream.accept(voice, (c % 50) * chunk, chunk, count);
        }
        long bytes = allocated() - before;
        assertThat(frames[0] - framesBefore).isEqualTo(6000);
        assertThat(bytes).as("bytes allocated by 6,000 frames").isLessThan(6_000 * 16 / 2);
    }
}
