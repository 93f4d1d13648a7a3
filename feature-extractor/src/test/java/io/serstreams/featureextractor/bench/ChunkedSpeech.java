package io.serstreams.featureextractor.bench;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.SampleEncoder;
import io.serstreams.featureextractor.audio.SampleEncoding;
import io.serstreams.featureextractor.features.Resampling;
import io.serstreams.featureextractor.testing.Signals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Ten seconds of speech as the feature topology receives it: 20 ms chunk payloads of one encoding
 * at one rate. {@code pcm16-16k} is corpus-like wideband audio, {@code mulaw-8k} telephony.
 *
 * <p>Speech comes from ../shared/corpora (RAVDESS, Actor_01 to Actor_04) where present, else from
 * a generated voice-like signal.
 */
record ChunkedSpeech(int rate, SampleEncoding encoding, List<byte[]> chunks) {
    static final int SECONDS = 10;

    static ChunkedSpeech of(String input) throws Exception {
        int rate;
        SampleEncoding encoding;
        switch (input) {
            case "pcm16-16k" -> {
                rate = 16000;
                encoding = SampleEncoding.PCM16LE;
            }
            case "mulaw-8k" -> {
                rate = 8000;
                encoding = SampleEncoding.MULAW;
            }
            default -> throw new IllegalArgumentException("unknown benchmark input " + input + ": expected pcm16-16k or mulaw-8k");
        }
        float[] speech16k = speech();
        float[] audio = rate == 16000 ? speech16k : Resampling.resample(speech16k, 16000, rate);
        byte[] encoded = SampleEncoder.encode(Arrays.copyOf(audio, SECONDS * rate), encoding);
        int chunkBytes = rate / 50 * encoding.bytesPerSample();
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < encoded.length; at += chunkBytes) {
            chunks.add(Arrays.copyOfRange(encoded, at, Math.min(encoded.length, at + chunkBytes)));
        }
        return new ChunkedSpeech(rate, encoding, chunks);
    }

    private static float[] speech() throws Exception {
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
