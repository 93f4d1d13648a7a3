package io.serstreams.streamprocessor.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.LabelProbability;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The browser's view of events and alerts: plain JSON, numbers as numbers, times in epoch milliseconds. */
final class FeedJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedJson() {
    }

    static String of(EmotionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "emotion");
        m.put("callId", e.getCallId());
        m.put("channel", e.getChannel().getIndex());
        m.put("role", e.getChannel().getRole().name());
        m.put("segment", e.getSegmentIndex());
        m.put("startMs", e.getStartMs());
        m.put("endMs", e.getEndMs());
        m.put("emotion", e.getEmotion());
        Map<String, Float> p = new LinkedHashMap<>();
        for (LabelProbability lp : e.getProbabilities()) {
            p.put(lp.getLabel(), lp.getProbability());
        }
        m.put("probabilities", p);
        m.put("arousal", e.getArousal().getScore());
        m.put("arousalGroup", e.getArousal().getGroup());
        m.put("valence", e.getValence().getScore());
        m.put("valenceGroup", e.getValence().getGroup());
        m.put("tenant", e.getDeclaredDomain() == null ? null : e.getDeclaredDomain().getTenant());
        m.put("nearestDomain", e.getNearestDomain().getDomain());
        m.put("domainConfidence", e.getNearestDomain().getConfidence());
        m.put("endOfCall", e.getEndOfCall());
        m.put("modelVersion", e.getModelVersion());
        return write(m);
    }

    static String of(EmotionAlert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "alert");
        m.put("alertId", a.getAlertId());
        m.put("callId", a.getCallId());
        m.put("channel", a.getChannel().getIndex());
        m.put("role", a.getChannel().getRole().name());
        m.put("rule", a.getRule());
        m.put("severity", a.getSeverity().name());
        m.put("message", a.getMessage());
        m.put("segments", a.getEvidenceSegments());
        m.put("startMs", a.getStartMs());
        m.put("endMs", a.getEndMs());
        m.put("raisedTime", a.getRaisedTime().toEpochMilli());
        return write(m);
    }

    private static String write(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
