package io.serstreams.streamprocessor.evaluation;

import io.serstreams.modelserver.engine.Argmax;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.LabelProbability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a pass's emotion events back into readings of the clips the calls were made of: each speech
 * event goes to the clip its segment overlaps most; events that claim no speech are counted, not read.
 */
public final class ClipReadings {
    /** A pass's readings, and what could not be read. */
    public record Pass(List<ClipReading> readings, int clipsWithoutSpeechEvent, int noSpeechEvents, int eventsOutsideClips) {
        public Pass {
            readings = List.copyOf(readings);
        }
    }

    private ClipReadings() {
    }

    /** Reads {@code events} of {@code calls}; {@code classes} are the model's emotion labels, in its order. */
    public static Pass of(List<EvaluationCall> calls, List<EmotionEvent> events, List<String> classes) {
        Map<String, EvaluationCall> byId = new HashMap<>();
        calls.forEach(c -> byId.put(c.callId(), c));
        Map<ClipSpan, List<EmotionEvent>> byClip = new LinkedHashMap<>();
        calls.forEach(c -> c.spans().forEach(s -> byClip.put(s, new ArrayList<>())));
        int noSpeech = 0;
        int outside = 0;
        for (EmotionEvent e : events) {
            EvaluationCall call = byId.get(e.getCallId().toString());
            if (call == null) {
                continue;
            }
            if (!e.getSpeech()) {
                noSpeech++;
                continue;
            }
            ClipSpan span = call.clipOf(e.getStartMs(), e.getEndMs());
            if (span == null) {
                outside++;
            } else {
                byClip.get(span).add(e);
            }
        }
        List<ClipReading> readings = new ArrayList<>();
        int unread = 0;
        for (Map.Entry<ClipSpan, List<EmotionEvent>> clip : byClip.entrySet()) {
            if (clip.getValue().isEmpty()) {
                unread++;
            } else {
                readings.add(read(clip.getKey().clip(), clip.getValue(), classes));
            }
        }
        return new Pass(readings, unread, noSpeech, outside);
    }

    private static ClipReading read(LabelledClip clip, List<EmotionEvent> events, List<String> classes) {
        float[] sum = new float[classes.size()];
        Map<String, Integer> profiles = new HashMap<>();
        for (EmotionEvent e : events) {
            for (LabelProbability p : e.getProbabilities()) {
                int c = classes.indexOf(p.getLabel().toString());
                if (c < 0) {
                    throw new IllegalStateException("an event of " + e.getCallId() + " names the class '" + p.getLabel() + "', which the model has not");
                }
                sum[c] += p.getProbability();
            }
            profiles.merge(e.getDomainProfile() == null ? "" : e.getDomainProfile().toString(), 1, Integer::sum);
        }
        int best = Argmax.of(sum);
        // A clip whose events straddle the takeover goes with the statistics most of them had; on a tie, the profile's.
        String profile = profiles.entrySet().stream().filter(p -> !p.getKey().isEmpty())
                .filter(p -> p.getValue() >= profiles.getOrDefault("", 0)).map(Map.Entry::getKey).findFirst().orElse(null);
        return new ClipReading(clip, classes.get(best), profile, events.size());
    }
}
