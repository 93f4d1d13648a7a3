package io.serstreams.featureextractor.bench;

import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
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
 * The whole feature front end on 10 s of speech cut into 20 ms chunks, as the topology runs it:
 * chunk decoding, resampling (for 8 kHz telephony), framing, log-mel, frame descriptors (with YIN
 * pitch), voice activity and segmentation. One operation = 10 s of audio, so the real-time factor
 * is 10 s / (time per operation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrontEndBenchmark {
    /** pcm16-16k: corpus-like wideband audio; mulaw-8k: telephony, resampled to 16 kHz. */
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
    public int tenSecondsOfSpeech(Blackhole sink) {
        ChannelFeatureExtractor extractor = new ChannelFeatureExtractor(FeatureConfig.DEFAULT, speech.rate());
        for (byte[] chunk : speech.chunks()) {
            int n = speech.encoding().decodeMono(chunk, buffer);
            extractor.accept(buffer, 0, n, sink::consume);
        }
        extractor.finish(sink::consume);
        return extractor.segmentCount();
    }
}
