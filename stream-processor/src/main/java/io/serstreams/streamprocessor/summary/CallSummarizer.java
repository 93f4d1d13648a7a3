package io.serstreams.streamprocessor.summary;

import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.Channel;
import io.serstreams.schema.ChannelRole;
import io.serstreams.schema.DeclaredDomain;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.LabelProbability;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per call and channel: the rolling summary (emotion distribution, mean arousal and valence, their
 * trend over the last {@code trendWindow} segments) after every emotion event, the final one at the
 * end of the call, and the alerts the configured rules raise. Ended channels stay queryable for
 * {@code retention}, then are dropped.
 *
 * <p>It reads {@link ChannelUpdate}s and emits {@link SummarizerOutput}s; the topology that wires it
 * names its store, so this package knows nothing of the inference topology.
 */
public final class CallSummarizer implements Processor<String, ChannelUpdate, String, SummarizerOutput> {
    private final String storeName;
    private final List<AlertRule> rules;
    private final int trendWindow;
    private final Duration retention;
    private final int keep;
    private ProcessorContext<String, SummarizerOutput> context;
    private KeyValueStore<String, byte[]> store;

    /** @param storeName the key-value store (call and channel to {@link ChannelHistory} JSON) the topology gives it */
    public CallSummarizer(String storeName, List<AlertRule> rules, int trendWindow, Duration retention) {
        this.storeName = storeName;
        this.rules = List.copyOf(rules);
        this.trendWindow = trendWindow;
        this.retention = retention;
        this.keep = Math.max(trendWindow, rules.stream().mapToInt(AlertRule::window).max().orElse(1));
    }

    @Override
    public void init(ProcessorContext<String, SummarizerOutput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, this::dropExpired);
    }

    @Override
    public void process(Record<String, ChannelUpdate> record) {
        long now = System.currentTimeMillis();
        if (record.value() instanceof ChannelUpdate.Classified classified && !classified.event().getSpeech()) {
            // A segment without speech claims no emotion: it never enters a summary or an alert rule, it only ends its channel.
            EmotionEvent event = classified.event();
            if (event.getEndOfCall()) {
                end(record, event.getCallId(), event.getChannel().getIndex(), now);
            }
        } else if (record.value() instanceof ChannelUpdate.Classified classified) {
            EmotionEvent event = classified.event();
            String key = ChannelHistory.key(event.getCallId(), event.getChannel().getIndex());
            byte[] stored = store.get(key);
            ChannelHistory history = ChannelHistory.next(stored == null ? null : ChannelHistory.fromJson(stored), event, keep, now);
            for (AlertRule rule : rules) {
                Optional<AlertRule.Firing> firing = rule.evaluate(history);
                if (firing.isPresent()) {
                    history = history.fired(rule.name(), event.getSegmentIndex());
                    context.forward(record.withValue(new SummarizerOutput.AlertRaised(alert(rule, firing.get(), history, event, now))));
                }
            }
            store.put(key, history.toJson());
            context.forward(record.withValue(new SummarizerOutput.SummaryUpdated(summary(history, now))));
        } else if (record.value() instanceof ChannelUpdate.Ended end) {
            end(record, end.callId(), end.channelIndex(), now);
        }
    }

    private void end(Record<String, ChannelUpdate> record, String callId, int channelIndex, long now) {
        String key = ChannelHistory.key(callId, channelIndex);
        byte[] stored = store.get(key);
        if (stored != null) {
            ChannelHistory history = ChannelHistory.fromJson(stored).ended(now);
            store.put(key, history.toJson());
            context.forward(record.withValue(new SummarizerOutput.SummaryUpdated(summary(history, now))));
        }
    }

    private EmotionAlert alert(AlertRule rule, AlertRule.Firing firing, ChannelHistory history, EmotionEvent event, long now) {
        List<ChannelHistory.Recent> evidence = firing.evidence();
        return EmotionAlert.newBuilder()
                .setAlertId(event.getCallId() + ":" + event.getChannel().getIndex() + ":" + rule.name() + ":" + event.getSegmentIndex())
                .setCallId(event.getCallId())
                .setChannel(event.getChannel())
                .setRule(rule.name())
                .setSeverity(rule.severity())
                .setMessage(firing.message())
                .setEvidenceSegments(evidence.stream().map(ChannelHistory.Recent::segmentIndex).toList())
                .setStartMs(evidence.get(0).startMs())
                .setEndMs(evidence.get(evidence.size() - 1).endMs())
                .setDeclaredDomain(event.getDeclaredDomain())
                .setRaisedTime(Instant.ofEpochMilli(now))
                .build();
    }

    /** The summary record of a channel's history. */
    public CallEmotionSummary summary(ChannelHistory h, long now) {
        List<LabelProbability> distribution = new ArrayList<>();
        for (int i = 0; i < h.labels().size(); i++) {
            distribution.add(new LabelProbability(h.labels().get(i), (float) (h.probabilitySums()[i] / h.segmentCount())));
        }
        List<ChannelHistory.Recent> trend = h.recent().subList(Math.max(0, h.recent().size() - trendWindow), h.recent().size());
        DeclaredDomain domain = h.tenant() == null && h.language() == null && h.site() == null ? null : new DeclaredDomain(h.tenant(), h.language(), h.site());
        return CallEmotionSummary.newBuilder()
                .setCallId(h.callId())
                .setChannel(new Channel(h.channelIndex(), ChannelRole.valueOf(h.role())))
                .setSegmentCount(h.segmentCount())
                .setFirstSegmentStartMs(h.firstStartMs())
                .setLastSegmentEndMs(h.lastEndMs())
                .setLatestEmotion(h.latestEmotion())
                .setEmotionDistribution(distribution)
                .setMeanArousal((float) (h.arousalSum() / h.segmentCount()))
                .setMeanValence((float) (h.valenceSum() / h.segmentCount()))
                .setTrendWindow(trend.size())
                .setArousalTrend((float) slope(trend.stream().mapToDouble(ChannelHistory.Recent::arousal).toArray()))
                .setValenceTrend((float) slope(trend.stream().mapToDouble(ChannelHistory.Recent::valence).toArray()))
                .setAlertCount(h.alertCount())
                .setDeclaredDomain(domain)
                .setModelVersion(h.modelVersion())
                .setFinal$(h.finalSummary())
                .setUpdateTime(Instant.ofEpochMilli(now))
                .build();
    }

    /** Least-squares slope per segment; 0 for fewer than two points. */
    static double slope(double[] y) {
        int n = y.length;
        if (n < 2) {
            return 0;
        }
        double meanX = (n - 1) / 2.0;
        double meanY = java.util.Arrays.stream(y).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - meanX) * (y[i] - meanY);
            den += (i - meanX) * (i - meanX);
        }
        return num / den;
    }

    private void dropExpired(long now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> kv = all.next();
                ChannelHistory h = ChannelHistory.fromJson(kv.value);
                if (h.finalSummary() && now - h.updatedAt() > retention.toMillis()) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(store::delete);
    }
}
