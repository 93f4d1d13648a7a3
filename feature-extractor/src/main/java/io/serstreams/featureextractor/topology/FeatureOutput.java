package io.serstreams.featureextractor.topology;

import io.serstreams.schema.SegmentFeatures;

/**
 * What the feature extraction processor emits, one kind per topic it goes to, so the topology
 * routes each by its type ({@link Branch}) and every sink has a serde of its own.
 */
public sealed interface FeatureOutput {

    /** A speech segment's features, or a channel's end-of-call marker: to {@code audio.segments}. */
    record ExtractedSegment(SegmentFeatures features) implements FeatureOutput {
    }

    /**
     * A chunk the topology cannot use, exactly as read ({@code null} for a record with no value);
     * the reason is in the record's headers: to {@code audio.chunks.dlq}.
     */
    record RejectedChunk(byte[] bytes) implements FeatureOutput {
    }
}
