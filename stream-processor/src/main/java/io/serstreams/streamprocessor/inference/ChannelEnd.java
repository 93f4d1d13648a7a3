package io.serstreams.streamprocessor.inference;

import io.serstreams.schema.Channel;
import io.serstreams.schema.DeclaredDomain;

/**
 * A channel's end of call that came without a segment to classify (the feature topology's marker
 * with no patches): passed to the summariser, after the channel's last emotion event, so it can
 * publish the final summary.
 */
public record ChannelEnd(String callId, Channel channel, long endMs, DeclaredDomain declaredDomain, String modelVersion) {
}
