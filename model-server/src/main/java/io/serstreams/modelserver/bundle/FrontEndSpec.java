package io.serstreams.modelserver.bundle;

import io.serstreams.featureextractor.features.EfficientAtFrontEnd;
import io.serstreams.featureextractor.features.FrontEnd;

/**
 * The front end a referenced encoder takes its input from, with the settings it was trained with,
 * so a bundle made for other settings is refused instead of fed the wrong features.
 *
 * @param id            {@link FrontEnd#id()}, e.g. {@code efficientat-logmel}
 * @param sampleRate    Hz the front end works at
 * @param melBands      bands per frame
 * @param hopSamples    samples from one frame to the next
 * @param windowSamples analysis window length
 * @param fftSize       FFT length
 */
public record FrontEndSpec(String id, int sampleRate, int melBands, int hopSamples, int windowSamples, int fftSize) {

    /** The EfficientAT front end as {@link EfficientAtFrontEnd} computes it. */
    public static FrontEndSpec efficientAt() {
        return new FrontEndSpec(FrontEnd.EFFICIENTAT_LOGMEL.id(), EfficientAtFrontEnd.SAMPLE_RATE, EfficientAtFrontEnd.MEL_BANDS,
                EfficientAtFrontEnd.HOP, EfficientAtFrontEnd.WINDOW, EfficientAtFrontEnd.FFT_SIZE);
    }

    /**
     * The front end this spec names, checked against what the feature extractor computes.
     *
     * @throws BundleException naming the bundle and the first setting that differs
     */
    FrontEnd check(String bundle) {
        FrontEnd frontEnd;
        try {
            frontEnd = FrontEnd.ofId(id);
        } catch (IllegalArgumentException e) {
            throw new BundleException(bundle + ": encoder.frontEnd: " + e.getMessage());
        }
        if (frontEnd != FrontEnd.EFFICIENTAT_LOGMEL) {
            throw new BundleException(bundle + ": encoder.frontEnd is " + id + ", but an encoder graph takes "
                    + FrontEnd.EFFICIENTAT_LOGMEL.id());
        }
        FrontEndSpec supported = efficientAt();
        if (!equals(supported)) {
            throw new BundleException(bundle + ": encoder.frontEnd asks for " + this + ", the feature extractor computes " + supported);
        }
        return frontEnd;
    }
}
