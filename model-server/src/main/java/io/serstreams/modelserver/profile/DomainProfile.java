package io.serstreams.modelserver.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serstreams.modelserver.bundle.EncoderReference;
import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.bundle.Normalization;

/**
 * The statistics one domain's audio (a tenant's, a language's, a site's) is standardised by in place
 * of the training pool's: unsupervised adaptation, made from that domain's unlabelled speech segments,
 * never from the one segment being classified (labels.md, "Unsupervised domain statistics").
 *
 * @param domain        what the profile describes: a declared domain, or the files it was made from
 * @param features      the feature version of the models it fits ({@code FeatureSpec.version})
 * @param encoder       the encoder whose output it has statistics of; null for a model with its own extractor
 * @param segments      speech segments it was made from
 * @param speechSeconds their length in seconds
 * @param inputs        the log-mel and descriptor statistics
 * @param encoderOutput statistics of the encoder's raw output; null where {@code encoder} is
 */
public record DomainProfile(String domain, String features, @JsonInclude(JsonInclude.Include.NON_NULL) String encoder, long segments,
                            double speechSeconds, Normalization inputs,
                            @JsonInclude(JsonInclude.Include.NON_NULL) FeatureStatistics encoderOutput) {

    public DomainProfile {
        if (domain == null || domain.isBlank() || features == null || inputs == null) {
            throw new IllegalArgumentException("a domain profile needs its domain, its feature version and its input statistics");
        }
        if ((encoder == null) != (encoderOutput == null)) {
            throw new IllegalArgumentException("domain profile '" + domain + "': an encoder name needs the encoder's statistics, and the other way round");
        }
    }

    /**
     * Fails unless this profile can standardise the inputs of {@code model}: the same features, the
     * same encoder, and, where there is one, the training pool's encoder statistics in the bundle.
     *
     * @throws IllegalArgumentException in one line naming the mismatch
     */
    public void checkFits(ModelManifest model) {
        if (!features.equals(model.features().version())) {
            throw new IllegalArgumentException("domain profile '" + domain + "' was made for features " + features + "; model " + model.name()
                    + " takes " + model.features().version() + ": make the profile again with this model");
        }
        EncoderReference modelEncoder = model.encoder();
        String modelEncoderName = modelEncoder == null ? null : modelEncoder.name();
        if (encoder == null ? modelEncoderName != null : !encoder.equals(modelEncoderName)) {
            throw new IllegalArgumentException("domain profile '" + domain + "' was made for " + describe(encoder) + "; model " + model.name()
                    + (modelEncoderName == null ? " has its own extractor" : " runs encoder " + modelEncoderName) + ": make the profile again with this model");
        }
        if (modelEncoder != null && modelEncoder.trainingStatistics() == null) {
            throw new IllegalArgumentException("model " + model.name() + " has no training statistics of its encoder output (exported before domain "
                    + "profiles existed): export it again to use a domain profile");
        }
        if (encoderOutput != null && encoderOutput.mean().length != modelEncoder.trainingStatistics().mean().length) {
            throw new IllegalArgumentException("domain profile '" + domain + "' has " + encoderOutput.mean().length + " encoder dimensions; model "
                    + model.name() + " has " + modelEncoder.trainingStatistics().mean().length);
        }
    }

    /**
     * {@code raw}, one or more encoder vectors end to end, standardised by this domain's statistics and put back
     * on the training pool's scale: {@code (v - mean_d) / std_d * std_pool + mean_pool}. A bundle's heads fold the
     * pool's statistics into their first layer, so what reaches that layer is {@code v} standardised by this domain.
     */
    public float[] encoderOutputOnPoolScale(float[] raw, FeatureStatistics pool) {
        float[] mean = encoderOutput.mean();
        float[] std = encoderOutput.std();
        float[] poolMean = pool.mean();
        float[] poolStd = pool.std();
        int width = mean.length;
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int d = i % width;
            out[i] = (raw[i] - mean[d]) / std[d] * poolStd[d] + poolMean[d];
        }
        return out;
    }

    /** One line for logs and stderr: the domain, its segments and speech. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "domain profile '%s' (%d speech segments, %.1f s)", domain, segments, speechSeconds);
    }

    private static String describe(String encoderName) {
        return encoderName == null ? "a model with its own extractor" : "encoder " + encoderName;
    }
}
