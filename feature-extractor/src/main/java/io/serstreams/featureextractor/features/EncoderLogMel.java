package io.serstreams.featureextractor.features;

/**
 * The EfficientAT front end's log-mel of one segment: the channel's audio over the segment's span,
 * resampled to 32 kHz, as {@code [frames][128]} (frame-major, the layout of the SegmentFeatures
 * tensor). The span is analysed on its own, reflect-padded at both ends as the encoder was trained
 * on whole clips.
 */
public final class EncoderLogMel {
    private EncoderLogMel() {
    }

    /**
     * @param samples    the channel's audio at {@code sampleRate}
     * @param startSample first sample of the span, at {@code sampleRate}
     * @param endSample   one past its last sample (clipped to the audio's end)
     * @return {@code frames * 128} values, frame-major; empty when the span is too short for one frame
     */
    public static float[] of(float[] samples, int sampleRate, long startSample, long endSample) {
        int from = (int) Math.max(0, Math.min(startSample, samples.length));
        int to = (int) Math.max(from, Math.min(endSample, samples.length));
        float[] span = java.util.Arrays.copyOfRange(samples, from, to);
        return frameMajor(EfficientAtFrontEnd.logMel(span, sampleRate));
    }

    /** Frames of a frame-major tensor of {@code values} values. */
    public static int frames(float[] values) {
        return values.length / EfficientAtFrontEnd.MEL_BANDS;
    }

    /** {@code [128][T]} band-major values as {@code [T][128]}, flattened. */
    public static float[] frameMajor(float[][] bands) {
        int frames = bands.length == 0 ? 0 : bands[0].length;
        float[] out = new float[frames * bands.length];
        for (int b = 0; b < bands.length; b++) {
            for (int t = 0; t < frames; t++) {
                out[t * bands.length + b] = bands[b][t];
            }
        }
        return out;
    }
}
