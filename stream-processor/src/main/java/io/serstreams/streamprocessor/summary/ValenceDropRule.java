package io.serstreams.streamprocessor.summary;

import io.serstreams.schema.AlertSeverity;

import java.util.List;
import java.util.Optional;

/**
 * Fires on a sharp fall of valence: the mean valence score of a channel's last {@code w} segments
 * is at least {@code drop} below the mean of the {@code w} before them (scores lie in [-1, 1]).
 * Like {@link SustainedEmotionRule}, it waits {@code 2w} segments before firing again.
 */
public record ValenceDropRule(String name, AlertSeverity severity, String role, int w, double drop) implements AlertRule {

    public ValenceDropRule {
        if (w < 1 || !(drop > 0)) {
            throw new IllegalArgumentException("alert rule " + name + ": needs window >= 1 and drop > 0");
        }
    }

    @Override
    public int window() {
        return 2 * w;
    }

    @Override
    public Optional<Firing> evaluate(ChannelHistory history) {
        List<ChannelHistory.Recent> recent = history.recent();
        if (role != null && !role.equalsIgnoreCase(history.role()) || recent.size() < 2 * w) {
            return Optional.empty();
        }
        List<ChannelHistory.Recent> before = recent.subList(recent.size() - 2 * w, recent.size() - w);
        List<ChannelHistory.Recent> after = recent.subList(recent.size() - w, recent.size());
        int newest = after.get(after.size() - 1).segmentIndex();
        Integer last = history.lastFired().get(name);
        if (last != null && newest - last < 2 * w) {
            return Optional.empty();
        }
        double meanBefore = before.stream().mapToDouble(ChannelHistory.Recent::valence).average().orElseThrow();
        double meanAfter = after.stream().mapToDouble(ChannelHistory.Recent::valence).average().orElseThrow();
        if (meanBefore - meanAfter < drop) {
            return Optional.empty();
        }
        return Optional.of(new Firing(after, String.format(java.util.Locale.ROOT, "valence fell from %.2f to %.2f over %d segments", meanBefore,
                meanAfter, 2 * w)));
    }
}
