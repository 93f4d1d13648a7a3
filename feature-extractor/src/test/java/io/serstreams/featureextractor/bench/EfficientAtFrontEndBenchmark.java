package io.serstreams.featureextractor.bench;

import io.serstreams.featureextractor.features.EfficientAtStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The EfficientAT encoder's front end on 10 s of speech cut into 20 ms chunks: chunk decoding,
 * resampling to 32 kHz, pre-emphasis, framing, 1024-point FFT, 128 mel bands and logs, every frame
 * handed on. One operation = 10 s of audio, so the real-time factor is 10 s / (time per operation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EfficientAtFrontEndBenchmark {
    /** pcm16-16k: corpus-like wideband audio, upsampled 2x; mulaw-8k: telephony, upsampled 4x. */
    @Param({"pcm16-16k", "mulaw-8k"})
    String input;

    private ChunkedSpeech speech;
    private float[] buffer;

    @Setup(Level.Trial)
    public void load() throws Exception {
        speech = ChunkedSpeech.of(input);
        buffer = new float[speech.rate()];
    }

    @Benchmark
    public long tenSecondsOfSpeech(Blackhole sink) {
        EfficientAtStream stream = new EfficientAtStream(speech.rate());
        EfficientAtStream.FrameSink frames = (index, logMel) -> sink.consume(logMel);
        for (byte[] chunk : speech.chunks()) {
            int n = speech.encoding().decodeMono(chunk, buffer);
            stream.accept(buffer, 0, n, frames);
        }
        stream.finish(frames);
        return stream.frames();
    }
}
