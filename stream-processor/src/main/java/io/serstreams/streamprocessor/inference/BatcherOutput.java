package io.serstreams.streamprocessor.inference;

import io.serstreams.modelserver.profile.ProfileMoments;
import io.serstreams.schema.EmotionEvent;

/**
 * What the segment batcher emits, one kind per place it goes, so the topology routes each by its
 * type and every sink has a serde of its own. One output per segment read, forwarded in the order
 * the segments arrived, and after the event of a speech segment of a declared domain, that segment's
 * {@link ProfileContribution}.
 */
public sealed interface BatcherOutput {

    /** A segment's emotion event: to {@code emotion.events} (and {@code emotion.events.<domain>}) and the summariser. */
    record ClassifiedSegment(EmotionEvent event) implements BatcherOutput {
    }

    /**
     * A segment the model cannot take, exactly as read ({@code null} for a record with no value);
     * the reason is in the record's headers: to {@code audio.segments.dlq}.
     */
    record RejectedSegment(byte[] bytes) implements BatcherOutput {
    }

    /**
     * A channel's end of call that came without a segment to classify (the feature topology's
     * marker with no patches): to the summariser, after the channel's last event, so it can publish
     * the final summary.
     */
    record ChannelEnd(String callId, int channelIndex) implements BatcherOutput {
    }

    /**
     * A speech segment's sums, to be added to the profile of its declared domain {@code domain} (the domain key):
     * forwarded under that key, to the profile aggregator through a repartition topic.
     */
    record ProfileContribution(String domain, ProfileMoments moments) implements BatcherOutput {
    }
}
