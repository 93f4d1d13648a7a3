package io.serstreams.streamprocessor.summary;

import io.serstreams.schema.AlertSeverity;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Fires when at least {@code k} of a channel's last {@code n} segments match (for example: the
 * customer sounds angry; or high arousal with negative valence), the newest among them. Having
 * fired, it waits {@code n} segments before it can fire again, so one episode gives one alert.
 *
 * @param role      the channel role it watches (AGENT, CUSTOMER), or null for any
 * @param condition what a matching segment is, in words, for the message
 */
public record SustainedEmotionRule(String name, AlertSeverity severity, String role, String condition, Predicate<ChannelHistory.Recent> matches,
                                   int k, int n) implements AlertRule {

    public SustainedEmotionRule {
        if (k < 1 || n < k) {
            throw new IllegalArgumentException("alert rule " + name + ": needs 1 <= k <= n, not k=" + k + " n=" + n);
        }
    }

    @Override
    public int window() {
        return n;
    }

    @Override
    public Optional<Firing> evaluate(ChannelHistory history) {
        if (role != null && !role.equalsIgnoreCase(history.role()) || history.recent().isEmpty()) {
            return Optional.empty();
        }
        List<ChannelHistory.Recent> window = history.recent().subList(Math.max(0, history.recent().size() - n), history.recent().size());
        ChannelHistory.Recent newest = window.get(window.size() - 1);
        Integer last = history.lastFired().get(name);
        if (!matches.test(newest) || last != null && newest.segmentIndex() - last < n) {
            return Optional.empty();
        }
        List<ChannelHistory.Recent> evidence = window.stream().filter(matches).toList();
        if (evidence.size() < k) {
            return Optional.empty();
        }
        String who = role == null ? "channel " + history.channelIndex() : role.toLowerCase(java.util.Locale.ROOT);
        return Optional.of(new Firing(evidence, who + " " + condition + " in " + evidence.size() + " of the last " + window.size() + " segments"));
    }
}
