package io.serstreams.featureextractor.features;

import java.util.List;

/**
 * A whole recording of one channel cut into segments, with the account of the audio that did not
 * become one.
 *
 * @param segments the segments, in order
 * @param tally    where all of the channel's audio went
 */
public record SegmentedChannel(List<Segment> segments, SegmentationTally tally) {
    public SegmentedChannel {
        segments = List.copyOf(segments);
    }
}
