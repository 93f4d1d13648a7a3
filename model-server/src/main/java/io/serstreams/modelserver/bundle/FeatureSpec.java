package io.serstreams.modelserver.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.features.FrontEnd;

import java.util.List;

/**
 * The feature configuration a model was trained with, as the manifest records it: segmentation and
 * descriptors ({@link FeatureConfig}), and the log-mel front end its extractor needs.
 *
 * @param frontEnd {@link FrontEnd#id()} of the log-mel the extractor takes; absent (older bundles) means
 *                 {@code vggish-logmel}
 */
public record FeatureSpec(String version, int sampleRate, int windowSamples, int hopSamples, int fftSize, int melBands,
                          double melLowHz, double melHighHz, double logOffset, int patchFrames, int segmentFrames,
                          int segmentHopFrames, double minVoicedRatio, int minTailFrames, List<String> descriptors,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String frontEnd) {

    @JsonCreator
    public FeatureSpec {
    }

    /** A spec without a front-end id: the VGGish log-mel, as every bundle before referencing encoders. */
    public FeatureSpec(String version, int sampleRate, int windowSamples, int hopSamples, int fftSize, int melBands,
                       double melLowHz, double melHighHz, double logOffset, int patchFrames, int segmentFrames,
                       int segmentHopFrames, double minVoicedRatio, int minTailFrames, List<String> descriptors) {
        this(version, sampleRate, windowSamples, hopSamples, fftSize, melBands, melLowHz, melHighHz, logOffset, patchFrames,
                segmentFrames, segmentHopFrames, minVoicedRatio, minTailFrames, descriptors, null);
    }

    public static FeatureSpec of(FeatureConfig c) {
        return of(c, null);
    }

    /** {@code c}'s spec, its extractor taking {@code frontEnd}'s log-mel (null: not stated, the VGGish log-mel). */
    public static FeatureSpec of(FeatureConfig c, FrontEnd frontEnd) {
        return new FeatureSpec(c.version(), c.sampleRate(), c.windowSamples(), c.hopSamples(), c.fftSize(), c.melBands(),
                c.melLowHz(), c.melHighHz(), c.logOffset(), c.patchFrames(), c.segmentFrames(), c.segmentHopFrames(),
                c.minVoicedRatio(), c.minTailFrames(), FrameDescriptor.columnNames(), frontEnd == null ? null : frontEnd.id());
    }

    /**
     * The front end the extractor needs.
     *
     * @throws BundleException when the id is not one the feature extractor knows
     */
    public FrontEnd frontEnd(String bundle) {
        if (frontEnd == null) {
            return FrontEnd.VGGISH_LOGMEL;
        }
        try {
            return FrontEnd.ofId(frontEnd);
        } catch (IllegalArgumentException e) {
            throw new BundleException(bundle + ": features.frontEnd: " + e.getMessage());
        }
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
