package io.serstreams.modelserver.engine;

import io.serstreams.modelserver.profile.DomainProfile;

import io.serstreams.featureextractor.features.EfficientAtFrontEnd;
import io.serstreams.featureextractor.features.Segment;

/**
 * One segment's features as the engine takes them, raw (the engine standardises the built-in
 * extractor's log-mel and the descriptors; the encoder front end's log-mel goes to the encoder as it is).
 *
 * @param logMel        [patches, patchFrames, melBands], row-major
 * @param descriptors   [frames, descriptor columns], row-major
 * @param encoderLogMel [encoderFrames, 128], row-major: the EfficientAT front end's log-mel over the segment's span, for
 *                      a bundle that references an encoder; null otherwise
 * @param encoderFrames frames of {@code encoderLogMel}, 0 when it is null
 * @param profile       the domain statistics to standardise this segment by; null: the bundle's training pool's
 */
public record SegmentInput(float[] logMel, int patches, float[] descriptors, int frames, float[] encoderLogMel, int encoderFrames,
                           DomainProfile profile) {

    public SegmentInput {
        if (patches < 1 || frames < 1) {
            throw new IllegalArgumentException("a segment needs at least one patch and one frame (got " + patches + " and " + frames + ")");
        }
        if (encoderLogMel != null && (encoderFrames < 1 || encoderLogMel.length != encoderFrames * EfficientAtFrontEnd.MEL_BANDS)) {
            throw new IllegalArgumentException("the encoder log-mel needs at least one frame of " + EfficientAtFrontEnd.MEL_BANDS
                    + " bands (got " + encoderLogMel.length + " values for " + encoderFrames + " frames)");
        }
    }

    /** A segment standardised by the bundle's training pool. */
    public SegmentInput(float[] logMel, int patches, float[] descriptors, int frames, float[] encoderLogMel, int encoderFrames) {
        this(logMel, patches, descriptors, frames, encoderLogMel, encoderFrames, null);
    }

    /** A segment for a bundle with its own extractor. */
    public SegmentInput(float[] logMel, int patches, float[] descriptors, int frames) {
        this(logMel, patches, descriptors, frames, null, 0);
    }

    /** This segment standardised by {@code next} (null: the training pool). */
    public SegmentInput withProfile(DomainProfile next) {
        return new SegmentInput(logMel, patches, descriptors, frames, encoderLogMel, encoderFrames, next);
    }

    public static SegmentInput of(Segment segment) {
        return new SegmentInput(segment.logMel(), segment.patches(), segment.descriptors(), segment.frames());
    }

    /** A segment with the encoder front end's log-mel ({@code [frames, 128]}) over its span; null leaves it out. */
    public static SegmentInput of(Segment segment, float[] encoderLogMel) {
        if (encoderLogMel == null) {
            return of(segment);
        }
        return new SegmentInput(segment.logMel(), segment.patches(), segment.descriptors(), segment.frames(), encoderLogMel,
                encoderLogMel.length / EfficientAtFrontEnd.MEL_BANDS);
    }
}
