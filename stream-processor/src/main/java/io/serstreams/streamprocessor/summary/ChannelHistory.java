package io.serstreams.streamprocessor.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.schema.EmotionEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the summariser remembers of one call's channel: running sums for the distribution and the
 * means, the latest segments for trends and alert rules, and when each rule last fired. Kept as
 * JSON in the {@code call-summaries} store, which interactive queries read too.
 *
 * @param recent       the latest segments, oldest first, at most {@code keep} of them
 * @param lastFired    per rule, the segment index it last fired on
 * @param finalSummary the call has ended on this channel
 * @param updatedAt    wall-clock time of the last change, for retention
 */
public record ChannelHistory(String callId, int channelIndex, String role, int segmentCount, long firstStartMs, long lastEndMs,
                             String latestEmotion, List<String> labels, double[] probabilitySums, double arousalSum, double valenceSum,
                             List<Recent> recent, int alertCount, Map<String, Integer> lastFired, String tenant, String language, String site,
                             String modelVersion, boolean finalSummary, long updatedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One segment's reading, as rules and trends need it. */
    public record Recent(int segmentIndex, long startMs, long endMs, String emotion, String arousalGroup, String valenceGroup, float arousal,
                         float valence) {
    }

    /** The history after one more emotion event; {@code previous} may be null (first segment). */
    public static ChannelHistory next(ChannelHistory previous, EmotionEvent event, int keep, long now) {
        List<String> labels = event.getProbabilities().stream().map(p -> p.getLabel()).toList();
        double[] sums = previous == null ? new double[labels.size()] : previous.probabilitySums.clone();
        for (int i = 0; i < sums.length; i++) {
            sums[i] += event.getProbabilities().get(i).getProbability();
        }
        List<Recent> recent = new ArrayList<>(previous == null ? List.of() : previous.recent);
        recent.add(new Recent(event.getSegmentIndex(), event.getStartMs(), event.getEndMs(), event.getEmotion(), event.getArousal().getGroup(),
                event.getValence().getGroup(), event.getArousal().getScore(), event.getValence().getScore()));
        while (recent.size() > keep) {
            recent.remove(0);
        }
        var domain = event.getDeclaredDomain();
        return new ChannelHistory(event.getCallId(), event.getChannel().getIndex(), event.getChannel().getRole().name(),
                previous == null ? 1 : previous.segmentCount + 1, previous == null ? event.getStartMs() : previous.firstStartMs, event.getEndMs(),
                event.getEmotion(), labels, sums, (previous == null ? 0 : previous.arousalSum) + event.getArousal().getScore(),
                (previous == null ? 0 : previous.valenceSum) + event.getValence().getScore(), recent, previous == null ? 0 : previous.alertCount,
                previous == null ? Map.of() : previous.lastFired, domain == null ? null : domain.getTenant(), domain == null ? null : domain.getLanguage(),
                domain == null ? null : domain.getSite(), event.getModelVersion(), event.getEndOfCall(), now);
    }

    /** The same history with a rule's firing on {@code segmentIndex} counted. */
    public ChannelHistory fired(String rule, int segmentIndex) {
        Map<String, Integer> fired = new LinkedHashMap<>(lastFired);
        fired.put(rule, segmentIndex);
        return new ChannelHistory(callId, channelIndex, role, segmentCount, firstStartMs, lastEndMs, latestEmotion, labels, probabilitySums, arousalSum,
                valenceSum, recent, alertCount + 1, fired, tenant, language, site, modelVersion, finalSummary, updatedAt);
    }

    /** The same history, marked final. */
    public ChannelHistory ended(long now) {
        return new ChannelHistory(callId, channelIndex, role, segmentCount, firstStartMs, lastEndMs, latestEmotion, labels, probabilitySums, arousalSum,
                valenceSum, recent, alertCount, lastFired, tenant, language, site, modelVersion, true, now);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ChannelHistory fromJson(byte[] json) {
        try {
            return JSON.readValue(json, ChannelHistory.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable call summary state", e);
        }
    }

    /** Store key of a call's channel. */
    public static String key(String callId, int channelIndex) {
        return callId + "#" + channelIndex;
    }
}
