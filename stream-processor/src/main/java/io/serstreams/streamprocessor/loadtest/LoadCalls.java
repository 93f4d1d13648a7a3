package io.serstreams.streamprocessor.loadtest;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.Channel;
import io.serstreams.streamprocessor.replay.CallChunker;
import io.serstreams.streamprocessor.replay.CallRecording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Stereo calls for the load test: the parties take turns speaking clips of the corpora (RAVDESS and
 * EmoDB, when ../shared/corpora is present) or, without them, voice-like generated audio; each call
 * as long as asked, each different.
 */
final class LoadCalls {
    static final int RATE = 16000;

    private final List<float[]> clips;

    private LoadCalls(List<float[]> clips) {
        this.clips = clips;
    }

    static LoadCalls from(Path corpora, int maxClips, long seed) {
        List<float[]> clips = new ArrayList<>();
        Random random = new Random(seed);
        if (Files.isDirectory(corpora.resolve("ravdess"))) {
            try (Stream<Path> files = Files.walk(corpora.resolve("ravdess"))) {
                List<Path> flacs = new ArrayList<>(files.filter(f -> f.toString().endsWith(".flac")).sorted().toList());
                java.util.Collections.shuffle(flacs, random);
                for (Path f : flacs.subList(0, Math.min(maxClips, flacs.size()))) {
                    DecodedAudio audio = AudioFiles.read(f);
                    if (audio.sampleRate() == RATE) {
                        clips.add(audio.channels()[0]);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (clips.isEmpty()) {
            for (int i = 0; i < 24; i++) {
                clips.add(voice(2.4, 100 + 15 * i, seed + i));
            }
        }
        return new LoadCalls(clips);
    }

    boolean fromCorpora() {
        return clips.size() != 24 || clips.get(0).length != (int) (2.4 * RATE);
    }

    /** A stereo call of about {@code seconds}: agent and customer alternate clips with 0.3 s pauses. */
    CallRecording call(String callId, double seconds, int chunkMillis, long seed, Instant start) {
        float[][] channels = channels(seconds, seed);
        List<List<AudioChunk>> chunks = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            chunks.add(CallChunker.chunks(callId, new Channel(c, CallChunker.roleOf(c, 2)), channels[c], RATE, chunkMillis, AudioEncoding.PCM16LE, null,
                    start));
        }
        return new CallRecording(callId, seconds, chunks);
    }

    /** The two channels ({@link #RATE} Hz) of the call {@link #call} makes with the same length and seed. */
    float[][] channels(double seconds, long seed) {
        Random random = new Random(seed);
        int length = (int) (seconds * RATE);
        float[][] channels = new float[2][length];
        int at = RATE / 10 + random.nextInt(RATE);
        for (int turn = 0; at < length; turn++) {
            float[] clip = clips.get(random.nextInt(clips.size()));
            int n = Math.min(clip.length, length - at);
            System.arraycopy(clip, 0, channels[turn % 2], at, n);
            at += n + (int) (0.3 * RATE);
        }
        return channels;
    }

    private static float[] voice(double seconds, double pitch, long seed) {
        Random random = new Random(seed);
        float[] out = new float[(int) (RATE * seconds)];
        double phase = 0;
        for (int i = 0; i < out.length; i++) {
            phase += 2 * Math.PI * pitch * (1 + 0.02 * Math.sin(i / 1600.0)) / RATE;
            double envelope = Math.min(1, Math.min(i, out.length - i) / (0.05 * RATE));
            out[i] = (float) (envelope * 0.3 * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase)) + 0.005 * random.nextGaussian());
        }
        return out;
    }
}
