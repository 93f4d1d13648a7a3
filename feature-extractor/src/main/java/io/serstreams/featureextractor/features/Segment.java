package io.serstreams.featureextractor.features;

/**
 * The features of one speech segment of one channel.
 *
 * @param index           position among the channel's emitted segments, from 0
 * @param startSample     first sample, counted at {@code sampleRate} from the start of the call
 * @param endSample       one past the last sample
 * @param sampleRate      rate of the sample counts (the feature rate, 16 kHz by default)
 * @param frames          analysis frames in the segment
 * @param patches         log-mel patches (the last one padded with silence when frames fall short)
 * @param logMel          [patches, patchFrames, melBands], row-major
 * @param descriptors     [frames, {@link FrameDescriptor#COUNT}], row-major
 * @param voicedRatio     share of frames marked as speech
 * @param concealedMillis milliseconds inside the segment that were missing audio filled with silence
 */
public record Segment(int index, long startSample, long endSample, int sampleRate, int frames, int patches,
                      float[] logMel, float[] descriptors, float voicedRatio, int concealedMillis) {

    public long startMs() {
        return startSample * 1000 / sampleRate;
    }

    public long endMs() {
        return endSample * 1000 / sampleRate;
    }

    /** Shape of {@link #logMel()}. */
    public int[] logMelShape(FeatureConfig config) {
        return new int[]{patches, config.patchFrames(), config.melBands()};
    }

    /** Shape of {@link #descriptors()}. */
    public int[] descriptorShape() {
        return new int[]{frames, FrameDescriptor.COUNT};
    }
}
