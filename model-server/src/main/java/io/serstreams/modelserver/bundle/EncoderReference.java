package io.serstreams.modelserver.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serstreams.featureextractor.encoder.EncoderSpec;

import java.net.URI;
import java.util.Locale;

/**
 * The manifest's {@code encoder} section: a bundle that holds its extractor by reference names the
 * pre-trained encoder's official release file, the runtime fetches and checks it, and converts it
 * to the extractor graph with our own converter. No third-party weights travel in the bundle.
 *
 * @param name     the encoder's short name, e.g. {@code mn04}
 * @param release  the release file's address
 * @param sha256   its SHA-256, lower-case hex
 * @param size     its length in bytes
 * @param frontEnd the front end the encoder takes its input from
 * @param output   which encoder output the heads consume: {@value #EMBEDDING} (one vector per segment) or
 *                 {@value #FRAMES} (one vector per ~320 ms, masked like patches)
 * @param fineTuned a file of the bundle ({@link EncoderTensorFile}) with the encoder tensors that fine-tuning changed,
 *                  laid over the release's before conversion; null: the release as it is. Such a bundle holds changed
 *                  third-party weights, so it is built on the user's machine and never committed
 * @param trainingStatistics the statistics of the encoder output the heads consume, over the training pool; the heads'
 *                  projection has them folded in, and a domain profile replaces them with its domain's
 *                  ({@code io.serstreams.modelserver.profile}); null in bundles exported before profiles existed
 */
public record EncoderReference(String name, URI release, String sha256, long size, FrontEndSpec frontEnd, String output,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String fineTuned,
                               @JsonInclude(JsonInclude.Include.NON_NULL) FeatureStatistics trainingStatistics) {
    public static final String EMBEDDING = "embedding";
    public static final String FRAMES = "frames";

    /** A reference to the release file alone. */
    public EncoderReference(String name, URI release, String sha256, long size, FrontEndSpec frontEnd, String output) {
        this(name, release, sha256, size, frontEnd, output, null, null);
    }

    /** A reference to {@code spec}'s release file, its heads consuming {@code output}. */
    public static EncoderReference of(EncoderSpec spec, String output) {
        return new EncoderReference(spec.name(), spec.release(), spec.sha256(), spec.size(), FrontEndSpec.efficientAt(), output);
    }

    /** The same reference with the fine-tuned tensors in the bundle's file {@code file}. */
    public EncoderReference fineTunedIn(String file) {
        return new EncoderReference(name, release, sha256, size, frontEnd, output, file, trainingStatistics);
    }

    /** The same reference with {@code statistics} as the training pool's statistics of the encoder output. */
    public EncoderReference withTrainingStatistics(FeatureStatistics statistics) {
        return new EncoderReference(name, release, sha256, size, frontEnd, output, fineTuned, statistics);
    }

    /**
     * The release file this section names.
     *
     * @throws BundleException naming the bundle and the field that is missing or wrong
     */
    public EncoderSpec spec(String bundle) {
        require(bundle, name != null && !name.isBlank(), "encoder.name is missing");
        require(bundle, release != null && release.getPath() != null && release.getPath().contains("/"), "encoder.release is not a file address: " + release);
        require(bundle, frontEnd != null, "encoder.frontEnd is missing");
        require(bundle, EMBEDDING.equals(output) || FRAMES.equals(output),
                "encoder.output is '" + output + "': use " + EMBEDDING + " or " + FRAMES);
        String fileName = release.getPath().substring(release.getPath().lastIndexOf('/') + 1);
        try {
            return new EncoderSpec(name, release, sha256 == null ? null : sha256.toLowerCase(Locale.ROOT), size, fileName);
        } catch (IllegalArgumentException e) {
            throw new BundleException(bundle + ": encoder: " + e.getMessage());
        }
    }

    /** The first 12 hex digits of the sha256, for start-up lines. */
    public String shortHash() {
        return sha256 == null ? "?" : sha256.substring(0, Math.min(12, sha256.length()));
    }

    private static void require(String bundle, boolean condition, String problem) {
        if (!condition) {
            throw new BundleException(bundle + ": " + problem);
        }
    }
}
