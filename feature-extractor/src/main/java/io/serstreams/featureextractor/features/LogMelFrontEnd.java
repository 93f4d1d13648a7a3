package io.serstreams.featureextractor.features;

/**
 * The VGGish log-mel front end over a whole signal: one row of {@code melBands} log-mel values per
 * complete frame (frames = 1 + (samples - window) / hop; a partial last frame is dropped).
 */
public final class LogMelFrontEnd {
    private final FeatureConfig config;

    public LogMelFrontEnd(FeatureConfig config) {
        this.config = config;
    }

    /** Frames x mel bands for mono audio at {@code config.sampleRate()}. */
    public float[][] logMel(float[] samples) {
        int frames = frameCount(samples.length);
        float[][] rows = new float[frames][config.melBands()];
        FrameAnalyzer analyzer = new FrameAnalyzer(config);
        float[] descriptors = new float[FrameDescriptor.COUNT];
        for (int f = 0; f < frames; f++) {
            analyzer.analyze(samples, f * config.hopSamples(), rows[f], 0, descriptors, 0);
        }
        return rows;
    }

    /** Complete frames in {@code samples} samples. */
    public int frameCount(int samples) {
        return samples < config.windowSamples() ? 0 : 1 + (samples - config.windowSamples()) / config.hopSamples();
    }
}
