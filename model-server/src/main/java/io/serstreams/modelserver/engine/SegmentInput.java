package io.serstreams.modelserver.engine;

import io.serstreams.featureextractor.features.Segment;

/**
 * One segment's features as the engine takes them, raw (the engine standardises them).
 *
 * @param logMel      [patches, patchFrames, melBands], row-major
 * @param descriptors [frames, descriptor columns], row-major
 */
public record SegmentInput(float[] logMel, int patches, float[] descriptors, int frames) {

    public SegmentInput {
        if (patches < 1 || frames < 1) {
            throw new IllegalArgumentException("a segment needs at least one patch and one frame (got " + patches + " and " + frames + ")");
        }
    }

    public static SegmentInput of(Segment segment) {
        return new SegmentInput(segment.logMel(), segment.patches(), segment.descriptors(), segment.frames());
    }
}
