package io.serstreams.featureextractor.bench;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.SampleEncoding;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.EfficientAtStream;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.audio.SampleEncoder;
import io.serstreams.featureextractor.testing.Signals;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The front ends on 10 s of speech cut into 20 ms chunks, as the topology receives it. One
 * operation = 10 s of audio, so the real-time factor is 10 s / (time per operation).
 * {@link #tenSecondsOfSpeech}: the whole feature front end, as the topology runs it: chunk decoding,
 * resampling (for 8 kHz telephony), framing, log-mel, frame descriptors (with YIN pitch), voice
 * activity and segmentation. {@link #encoderLogMelOfTenSeconds}: the EfficientAT encoder's front end:
 * chunk decoding, resampling to 32 kHz, pre-emphasis, framing, 1024-point FFT, 128 mel bands and
 * logs, every frame handed on.
 *
 * <p>Speech comes from ../shared/corpora (RAVDESS, Actor_01 to Actor_04) where present, else from
 * a generated voice-like signal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrontEndBenchmark {
    static final int SECONDS = 10;

    /** pcm16-16k: corpus-like wideband audio; mulaw-8k: telephony (both resampled to 32 kHz for the encoder). */
    @Param({"pcm16-16k", "mulaw-8k"})
    String input;

    private List<byte[]> chunks;
    private SampleEncoding encoding;
    private int rate;
    private float[] buffer;

    @Setup(Level.Trial)
    public void load() throws Exception {
        float[] speech16k = speech();
        if (input.equals("pcm16-16k")) {
            rate = 16000;
            encoding = SampleEncoding.PCM16LE;
        } else {
            rate = 8000;
            encoding = SampleEncoding.MULAW;
        }
        float[] audio = rate == 16000 ? speech16k : io.serstreams.featureextractor.features.Resampling.resample(speech16k, 16000, 8000);
        byte[] encoded = SampleEncoder.encode(Arrays.copyOf(audio, SECONDS * rate), encoding);
        int chunkBytes = rate / 50 * encoding.bytesPerSample();
        chunks = new ArrayList<>();
        for (int at = 0; at < encoded.length; at += chunkBytes) {
            chunks.add(Arrays.copyOfRange(encoded, at, Math.min(encoded.length, at + chunkBytes)));
        }
        buffer = new float[rate];
    }

    @Benchmark
    public int tenSecondsOfSpeech(Blackhole sink) {
        ChannelFeatureExtractor extractor = new ChannelFeatureExtractor(FeatureConfig.DEFAULT, rate);
        for (byte[] chunk : chunks) {
            int n = encoding.decodeMono(chunk, buffer);
            extractor.accept(buffer, 0, n, sink::consume);
        }
        extractor.finish(sink::consume);
        return extractor.segmentCount();
    }

    @Benchmark
    public long encoderLogMelOfTenSeconds(Blackhole sink) {
        EfficientAtStream stream = new EfficientAtStream(rate);
        EfficientAtStream.FrameSink frames = (index, logMel) -> sink.consume(logMel);
        for (byte[] chunk : chunks) {
            int n = encoding.decodeMono(chunk, buffer);
            stream.accept(buffer, 0, n, frames);
        }
        stream.finish(frames);
        return stream.frames();
    }

    static float[] speech() throws Exception {
        Path corpus = Path.of(System.getProperty("shared.dir", "../shared")).resolve("corpora/ravdess");
        float[] all = new float[0];
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> files = Files.walk(corpus)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".flac")).sorted().limit(12).toList()) {
                    all = Signals.concat(all, AudioFiles.read(file).channels()[0]);
                }
            }
        }
        if (all.length < SECONDS * 16000) {
            all = Signals.voice(150, SECONDS * 16000, 16000, 1);
        }
        return all;
    }
}
