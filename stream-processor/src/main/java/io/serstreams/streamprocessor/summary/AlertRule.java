package io.serstreams.streamprocessor.summary;

import io.serstreams.schema.AlertSeverity;

import java.util.List;
import java.util.Optional;

/** A configured condition on a channel's latest segments that raises an alert. */
public interface AlertRule {
    /** The rule's name, as alerts and their ids carry it. */
    String name();

    AlertSeverity severity();

    /** Evidence when the rule fires on the channel's newest segment, else empty. */
    Optional<Firing> evaluate(ChannelHistory history);

    /** How many latest segments the rule looks at. */
    int window();

    /** Why a rule fired: the segments that made it, and a readable sentence. */
    record Firing(List<ChannelHistory.Recent> evidence, String message) {
    }
}
