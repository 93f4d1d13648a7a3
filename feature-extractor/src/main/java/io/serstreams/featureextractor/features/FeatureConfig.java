package io.serstreams.featureextractor.features;

/**
 * Everything that shapes the features, with the VGGish front-end values as defaults. A model is
 * trained with one configuration and must be served with the same; {@link #version()} names it.
 *
 * @param sampleRate         rate features are computed at (audio is resampled to it)
 * @param windowSamples      analysis window: 400 samples = 25 ms
 * @param hopSamples         frame hop: 160 samples = 10 ms
 * @param fftSize            FFT length (the window is zero-padded to it)
 * @param melBands           mel bands of the log-mel spectrum
 * @param melLowHz           lowest mel band edge
 * @param melHighHz          highest mel band edge
 * @param logOffset          added before the log, so silence stays finite
 * @param patchFrames        frames per log-mel patch (96 = 0.96 s)
 * @param segmentFrames      frames per speech segment (a whole number of patches)
 * @param segmentHopFrames   frames from one segment's start to the next one's
 * @param minVoicedRatio     segments with a smaller share of voiced frames are skipped as silence
 * @param minTailFrames      the shortest remainder (at the end of a call or before a long gap) still emitted as a segment
 */
public record FeatureConfig(
        int sampleRate,
        int windowSamples,
        int hopSamples,
        int fftSize,
        int melBands,
        double melLowHz,
        double melHighHz,
        double logOffset,
        int patchFrames,
        int segmentFrames,
        int segmentHopFrames,
        double minVoicedRatio,
        int minTailFrames) {

    /** VGGish front end; segments of two patches (1.92 s) without overlap. */
    public static final FeatureConfig DEFAULT = new FeatureConfig(16000, 400, 160, 512, 64, 125, 7500, 0.01,
            96, 192, 192, 0.3, 48);

    /**
     * The most bytes a segment's features (log-mel patches and frame descriptors, 32-bit floats)
     * may take: they travel in one {@code SegmentFeatures} record, and Kafka refuses records over
     * 1 MB by default ({@code max.request.size}, {@code message.max.bytes}); the rest of the record
     * needs room too. With the VGGish front end that is 25 patches, 24 s.
     */
    public static final int MAX_SEGMENT_FEATURE_BYTES = 1_000_000;

    public FeatureConfig {
        require(sampleRate > 0, "sampleRate must be positive");
        require(windowSamples > 0 && windowSamples <= fftSize, "windowSamples must be positive and at most fftSize");
        require(Integer.bitCount(fftSize) == 1, "fftSize must be a power of two");
        require(hopSamples > 0, "hopSamples must be positive");
        require(melBands > 0 && melLowHz >= 0 && melHighHz > melLowHz && melHighHz <= sampleRate / 2.0,
                "mel bands must lie between 0 Hz and the Nyquist frequency");
        require(logOffset > 0, "logOffset must be positive");
        require(patchFrames > 0, "patchFrames must be positive");
        require(segmentFrames >= patchFrames && segmentFrames % patchFrames == 0,
                "segmentFrames must be a whole number of patches (" + patchFrames + " frames each)");
        int maxPatches = maxSegmentPatches(patchFrames, melBands);
        require(segmentFrames <= maxPatches * patchFrames, "segmentFrames must be at most " + maxPatches + " patches (" + maxPatches * patchFrames
                + " frames), so that a segment's features fit in one Kafka record of " + MAX_SEGMENT_FEATURE_BYTES + " bytes");
        require(segmentHopFrames > 0 && segmentHopFrames <= segmentFrames, "segmentHopFrames must be between 1 and segmentFrames");
        require(minVoicedRatio >= 0 && minVoicedRatio <= 1, "minVoicedRatio must lie in [0, 1]");
        require(minTailFrames > 0 && minTailFrames <= segmentFrames, "minTailFrames must be between 1 and segmentFrames");
        require(melBands >= FrameDescriptor.MFCC.width(), "at least " + FrameDescriptor.MFCC.width() + " mel bands are needed for the cepstrum");
    }

    /** A copy with other segment length and hop, in frames. */
    public FeatureConfig withSegments(int frames, int hopFrames) {
        return new FeatureConfig(sampleRate, windowSamples, hopSamples, fftSize, melBands, melLowHz, melHighHz, logOffset,
                patchFrames, frames, hopFrames, minVoicedRatio, minTailFrames);
    }

    /** A copy that keeps segments with a smaller share of voiced frames than {@code ratio} no longer (0: every window). */
    public FeatureConfig withMinVoicedRatio(double ratio) {
        return new FeatureConfig(sampleRate, windowSamples, hopSamples, fftSize, melBands, melLowHz, melHighHz, logOffset,
                patchFrames, segmentFrames, segmentHopFrames, ratio, minTailFrames);
    }

    /** The most patches a segment may hold (see {@link #MAX_SEGMENT_FEATURE_BYTES}). */
    public int maxSegmentPatches() {
        return maxSegmentPatches(patchFrames, melBands);
    }

    private static int maxSegmentPatches(int patchFrames, int melBands) {
        long bytesPerPatch = (long) patchFrames * (melBands + FrameDescriptor.COUNT) * Float.BYTES;
        return (int) Math.max(1, MAX_SEGMENT_FEATURE_BYTES / bytesPerPatch);
    }

    /** Seconds of audio in one log-mel patch (0.96 s for VGGish). */
    public double patchSeconds() {
        return patchFrames * hopMillis() / 1000;
    }

    /** Number of frame descriptors per frame. */
    public int descriptorCount() {
        return FrameDescriptor.COUNT;
    }

    /** Milliseconds per frame hop. */
    public double hopMillis() {
        return 1000.0 * hopSamples / sampleRate;
    }

    /**
     * A name for this configuration: the serving side refuses features whose version differs from
     * the one its model was trained with.
     */
    public String version() {
        return "logmel-%d-%d-%d-%d-%d-%.0f-%.0f/lld-v1-%d/seg-%d-%d".formatted(sampleRate, windowSamples, hopSamples, fftSize,
                melBands, melLowHz, melHighHz, descriptorCount(), segmentFrames, segmentHopFrames);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("invalid feature configuration: " + message);
        }
    }
}
