package io.serstreams.streamprocessor.evaluation;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.features.Resampling;
import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.Channel;
import io.serstreams.schema.DeclaredDomain;
import io.serstreams.streamprocessor.replay.CallChunker;
import io.serstreams.streamprocessor.replay.CallRecording;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Makes calls of labelled clips: one mono call per speaker, the speaker's clips in a shuffled order (the same
 * for the same seed) with a pause between them, heard over the given line and cut into the chunks that line
 * sends (16-bit PCM at 16 kHz wideband, G.711 at 8 kHz on the telephone). A pause at least as long as a segment
 * window keeps every segment within one clip.
 */
public final class EvaluationCalls {
    /** Wideband calls' rate: the corpora's. */
    static final int WIDEBAND_RATE = 16000;

    private EvaluationCalls() {
    }

    /** How the calls are made. */
    public record Layout(TelephoneLine line, double pauseSeconds, long seed, int chunkMillis) {
        public Layout {
            if (!(pauseSeconds > 0)) {
                throw new IllegalArgumentException("the pause between clips must be positive, not " + pauseSeconds);
            }
        }
    }

    /**
     * One call per speaker of {@code clips}, ids {@code prefix-SPEAKER}, every chunk declaring {@code domain}
     * (null: none, so the training pool's statistics standardise it).
     *
     * @throws IllegalArgumentException naming the file when a clip cannot be decoded
     */
    public static List<EvaluationCall> assemble(List<LabelledClip> clips, Layout layout, String prefix, DeclaredDomain domain, Instant start) {
        Map<String, List<LabelledClip>> bySpeaker = new TreeMap<>();
        for (LabelledClip clip : clips) {
            bySpeaker.computeIfAbsent(clip.speaker(), s -> new ArrayList<>()).add(clip);
        }
        List<EvaluationCall> calls = new ArrayList<>();
        for (Map.Entry<String, List<LabelledClip>> speaker : bySpeaker.entrySet()) {
            List<LabelledClip> order = new ArrayList<>(speaker.getValue());
            Collections.shuffle(order, new Random(layout.seed() * 31 + speaker.getKey().hashCode()));
            calls.add(call(prefix + "-" + idPart(speaker.getKey()), order, layout, domain, start));
        }
        return calls;
    }

    private static EvaluationCall call(String callId, List<LabelledClip> order, Layout layout, DeclaredDomain domain, Instant start) {
        int rate = layout.line() == TelephoneLine.WIDEBAND ? WIDEBAND_RATE : TelephoneLine.TELEPHONE_RATE;
        int pause = (int) Math.round(layout.pauseSeconds() * rate);
        List<float[]> heard = new ArrayList<>();
        long total = pause;
        for (LabelledClip clip : order) {
            float[] samples = layout.line().transmit(mono16k(clip), WIDEBAND_RATE);
            heard.add(samples);
            total += samples.length + pause;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("speaker " + order.get(0).speaker() + ": too much audio for one call (" + total / rate + " s)");
        }
        float[] call = new float[(int) total];
        List<ClipSpan> spans = new ArrayList<>();
        int at = pause;
        for (int i = 0; i < order.size(); i++) {
            float[] samples = heard.get(i);
            System.arraycopy(samples, 0, call, at, samples.length);
            spans.add(new ClipSpan(order.get(i), at * 1000L / rate, (at + (long) samples.length) * 1000L / rate));
            at += samples.length + pause;
        }
        AudioEncoding encoding = switch (layout.line()) {
            case WIDEBAND -> AudioEncoding.PCM16LE;
            case MU_LAW -> AudioEncoding.MULAW;
            case A_LAW -> AudioEncoding.ALAW;
        };
        List<AudioChunk> chunks = CallChunker.chunks(callId, new Channel(0, CallChunker.roleOf(0, 1)), call, rate, layout.chunkMillis(), encoding, domain, start);
        return new EvaluationCall(new CallRecording(callId, call.length / (double) rate, List.of(chunks)), spans);
    }

    /** The clip's first channel at 16 kHz. */
    private static float[] mono16k(LabelledClip clip) {
        DecodedAudio audio;
        try {
            audio = AudioFiles.read(clip.file());
        } catch (AudioFormatException e) {
            throw new IllegalArgumentException(clip.file() + ": " + e.getMessage());
        }
        if (audio.frames() == 0) {
            throw new IllegalArgumentException(clip.file() + ": no audio in it");
        }
        float[] first = audio.channels()[0];
        return audio.sampleRate() == WIDEBAND_RATE ? first : Resampling.resample(first, audio.sampleRate(), WIDEBAND_RATE);
    }

    private static String idPart(String speaker) {
        return speaker.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    }
}
