package io.serstreams.featureextractor.features;

import java.util.Arrays;
import java.util.Locale;

/**
 * The log-mel front ends a model's extractor can need; a model bundle names one by its {@link #id()},
 * and the feature side computes what the running model asks for.
 */
public enum FrontEnd {
    /** VGGish's log-mel patches ({@link FeatureConfig}: 16 kHz, 64 bands, 96-frame patches), what the built-in extractor takes. */
    VGGISH_LOGMEL("vggish-logmel"),
    /** The pre-trained EfficientAT encoder's log-mel ({@link EfficientAtFrontEnd}: 32 kHz, 128 bands, 10 ms frames). */
    EFFICIENTAT_LOGMEL("efficientat-logmel");

    private final String id;

    FrontEnd(String id) {
        this.id = id;
    }

    /** The name bundles and settings use. */
    public String id() {
        return id;
    }

    /**
     * The front end named {@code id}.
     *
     * @throws IllegalArgumentException naming the known ids
     */
    public static FrontEnd ofId(String id) {
        for (FrontEnd f : values()) {
            if (f.id.equals(id == null ? null : id.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown front end '" + id + "': use one of "
                + Arrays.stream(values()).map(FrontEnd::id).toList());
    }
}
