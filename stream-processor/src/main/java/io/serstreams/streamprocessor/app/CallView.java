package io.serstreams.streamprocessor.app;

import io.serstreams.streamprocessor.summary.ChannelHistory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel of a call as the calls API shows it: its latest summary and latest segments.
 *
 * @param distribution mean class probabilities so far
 * @param recent       the latest segments, oldest first
 * @param ended        the call has ended on this channel
 */
public record CallView(String callId, int channel, String role, int segments, String latestEmotion, Map<String, Double> distribution,
                       double meanArousal, double meanValence, int alerts, List<ChannelHistory.Recent> recent, String tenant, String language,
                       String modelVersion, boolean ended, long updatedAt) {

    static CallView of(ChannelHistory h) {
        Map<String, Double> distribution = new LinkedHashMap<>();
        for (int i = 0; i < h.labels().size(); i++) {
            distribution.put(h.labels().get(i), h.probabilitySums()[i] / h.segmentCount());
        }
        return new CallView(h.callId(), h.channelIndex(), h.role(), h.segmentCount(), h.latestEmotion(), distribution, h.arousalSum() / h.segmentCount(),
                h.valenceSum() / h.segmentCount(), h.alertCount(), h.recent(), h.tenant(), h.language(), h.modelVersion(), h.finalSummary(), h.updatedAt());
    }
}
