package io.serstreams.streamprocessor.testing;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.DecodedAudio;

import io.serstreams.streamprocessor.replay.DemoCalls;
import io.serstreams.streamprocessor.replay.TurnVoices;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Stereo call audio for tests. The demo's calls ({@link #escalatingCall()}, {@link #friendlyCall()}):
 * built once per checkout under {@code target/test-calls} by the demo's own builder, from the RAVDESS
 * test speakers of ../shared/corpora where it is present beside the checkout, else synthesised with
 * eSpeak NG. {@link #stereoCall} gives shorter calls in memory.
 */
public final class SampleCalls {
    private static final Path BUILT = Path.of("target/test-calls");
    private static List<Path> demoCalls;

    private SampleCalls() {
    }

    /** The demo's escalating support call (16 kHz stereo WAV: agent left, customer right; the customer grows angry). */
    public static Path escalatingCall() {
        return demoCall("support-call-escalating.wav");
    }

    /** The demo's friendly support call (16 kHz stereo WAV). */
    public static Path friendlyCall() {
        return demoCall("support-call-friendly.wav");
    }

    /** The escalating call as an 8 kHz G.711 mu-law telephony recording. */
    public static Path escalatingTelephonyCall() {
        return demoCall("support-call-escalating-telephony.wav");
    }

    private static synchronized Path demoCall(String name) {
        if (demoCalls == null) {
            TurnVoices voices = DemoCalls.voices(null, corpora());
            demoCalls = DemoCalls.prepare(voices, BUILT, false, new PrintStream(OutputStream.nullOutputStream()));
            System.err.println("test calls: " + voices.provenance() + ", in " + demoCalls.get(0).getParent().toAbsolutePath());
        }
        return demoCalls.stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " among the built calls " + demoCalls));
    }

    public static Path corpora() {
        return Path.of(System.getProperty("shared.dir", "../../shared")).resolve("corpora");
    }

    /** About {@code turns} x 2.4 s of speech per channel, the parties taking turns. 16 kHz. */
    public static DecodedAudio stereoCall(int turns, long seed) {
        Path ravdess = corpora().resolve("ravdess");
        int rate = 16000;
        float[][] clips = new float[turns * 2][];
        for (int i = 0; i < clips.length; i++) {
            boolean agent = i % 2 == 0;
            // Agent: actor 1, neutral; customer: actor 2, strongly angry; statements and repetitions vary.
            Path clip = ravdess.resolve(String.format("Actor_%02d/03-01-%02d-%02d-%02d-%02d-%02d.flac", agent ? 1 : 2, agent ? 1 : 5, agent ? 1 : 2,
                    1 + (i / 2) % 2, 1 + (i / 4) % 2, agent ? 1 : 2));
            clips[i] = Files.exists(clip) ? AudioFiles.read(clip).channels()[0] : voice(rate, 2.4, 120 + 40 * (i % 3), seed + i);
        }
        int length = 0;
        for (float[] c : clips) {
            length += c.length + rate / 4;
        }
        float[][] channels = new float[2][length];
        int at = 0;
        for (int i = 0; i < clips.length; i++) {
            System.arraycopy(clips[i], 0, channels[i % 2], at, clips[i].length);
            at += clips[i].length + rate / 4;
        }
        return new DecodedAudio(rate, channels);
    }

    /**
     * A vowel-like harmonic tone with jitter, noise and intonation (the pitch glides by 6% at 1.5 Hz: a pitch that
     * stood still would be a tone, which the speech gate rightly finds no speech in).
     */
    public static float[] voice(int rate, double seconds, double pitch, long seed) {
        Random random = new Random(seed);
        float[] out = new float[(int) (rate * seconds)];
        double phase = 0;
        for (int i = 0; i < out.length; i++) {
            double glide = 1 + 0.06 * Math.sin(2 * Math.PI * 1.5 * i / rate + seed);
            phase += 2 * Math.PI * pitch * glide * (1 + 0.01 * random.nextGaussian()) / rate;
            double envelope = Math.min(1, Math.min(i, out.length - i) / (0.05 * rate));
            out[i] = (float) (envelope * 0.3 * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase)) + 0.005 * random.nextGaussian());
        }
        return out;
    }
}
