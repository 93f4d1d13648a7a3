package io.serstreams.modelserver.profile;

import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrontEnd;
import io.serstreams.modelserver.bundle.EncoderReference;
import io.serstreams.modelserver.bundle.FeatureSpec;
import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.modelserver.bundle.Labels;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.bundle.Normalization;

import java.util.Arrays;
import java.util.Map;

/** Manifests to check profiles against, without graphs. */
final class ProfileFixtures {
    private ProfileFixtures() {
    }

    /** A manifest of a model over an encoder named mn04 with {@code width}-wide output and training statistics (mean 1, deviation 2). */
    static ModelManifest encoderManifest(int width) {
        float[] mean = new float[width];
        float[] std = new float[width];
        Arrays.fill(mean, 1f);
        Arrays.fill(std, 2f);
        EncoderReference encoder = EncoderReference.of(EncoderSpec.MN04, EncoderReference.EMBEDDING).withTrainingStatistics(new FeatureStatistics(mean, std));
        return new ModelManifest(ModelManifest.FORMAT, "encoder-test", "0", "", Labels.standard(), 0.5,
                FeatureSpec.of(FeatureConfig.DEFAULT, FrontEnd.EFFICIENTAT_LOGMEL), Normalization.identity(), Map.of(), Map.of(), encoder);
    }

    /** A manifest of a model with its own extractor. */
    static ModelManifest ownExtractorManifest() {
        return new ModelManifest(ModelManifest.FORMAT, "own-test", "0", "", Labels.standard(), 0.5, FeatureSpec.of(FeatureConfig.DEFAULT),
                Normalization.identity(), Map.of(), Map.of());
    }
}
