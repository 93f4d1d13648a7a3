package io.serstreams.modelserver.bundle;

import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;

import java.util.List;

/** The feature configuration a model was trained with, as the manifest records it. */
public record FeatureSpec(String version, int sampleRate, int windowSamples, int hopSamples, int fftSize, int melBands,
                          double melLowHz, double melHighHz, double logOffset, int patchFrames, int segmentFrames,
                          int segmentHopFrames, double minVoicedRatio, int minTailFrames, List<String> descriptors) {

    public static FeatureSpec of(FeatureConfig c) {
        return new FeatureSpec(c.version(), c.sampleRate(), c.windowSamples(), c.hopSamples(), c.fftSize(), c.melBands(),
                c.melLowHz(), c.melHighHz(), c.logOffset(), c.patchFrames(), c.segmentFrames(), c.segmentHopFrames(),
                c.minVoicedRatio(), c.minTailFrames(), FrameDescriptor.columnNames());
    }

    /**
     * The extractor configuration this spec describes.
     *
     * @throws BundleException when the feature extractor cannot produce these features
     */
    public FeatureConfig toConfig(String bundle) {
        FeatureConfig config;
        try {
            config = new FeatureConfig(sampleRate, windowSamples, hopSamples, fftSize, melBands, melLowHz, melHighHz, logOffset,
                    patchFrames, segmentFrames, segmentHopFrames, minVoicedRatio, minTailFrames);
        } catch (IllegalArgumentException e) {
            throw new BundleException(bundle + ": the feature extractor cannot produce the features this model was trained on: " + e.getMessage());
        }
        if (!FrameDescriptor.columnNames().equals(descriptors)) {
            throw new BundleException(bundle + ": the model expects frame descriptors " + descriptors
                    + " but the feature extractor produces " + FrameDescriptor.columnNames());
        }
        if (!config.version().equals(version)) {
            throw new BundleException(bundle + ": the manifest names features " + version + " but its settings describe " + config.version());
        }
        return config;
    }
}
