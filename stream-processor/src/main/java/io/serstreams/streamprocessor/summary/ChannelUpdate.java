package io.serstreams.streamprocessor.summary;

import io.serstreams.schema.EmotionEvent;

/** What the summariser reads of a call's channel, in the order it happened. */
public sealed interface ChannelUpdate {

    /** One more segment's emotion event. */
    record Classified(EmotionEvent event) implements ChannelUpdate {
    }

    /** The channel's call has ended after its last event (one that came without an event of its own). */
    record Ended(String callId, int channelIndex) implements ChannelUpdate {
    }
}
