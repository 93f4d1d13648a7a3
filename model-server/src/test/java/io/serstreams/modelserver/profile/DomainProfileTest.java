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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DomainProfileTest {
    @TempDir
    Path dir;

    private static DomainProfile encoderProfile(String domain) {
        return new DomainProfile(domain, FeatureSpec.of(FeatureConfig.DEFAULT, FrontEnd.EFFICIENTAT_LOGMEL).version(), "mn04", 12, 30.5,
                Normalization.identity(), new FeatureStatistics(new float[]{3f, -1f}, new float[]{0.5f, 4f}));
    }

    @Test
    void anEncoderVectorIsStandardisedByTheDomainAndPutOnThePoolsScale() {
        FeatureStatistics pool = new FeatureStatistics(new float[]{1f, 1f}, new float[]{2f, 2f});
        // Two vectors end to end: (v - mean_d) / std_d * std_pool + mean_pool per dimension.
        float[] out = encoderProfile("acme").encoderOutputOnPoolScale(new float[]{3.5f, 7f, 2.5f, -1f}, pool);
        assertThat(out).containsExactly(new float[]{3f, 5f, -1f, 1f}, within(1e-6f));
    }

    @Test
    void aProfileFitsOnlyTheKindOfModelItWasMadeFor() {
        DomainProfile forEncoder = encoderProfile("acme");
        forEncoder.checkFits(ProfileFixtures.encoderManifest(2));
        assertThatThrownBy(() -> forEncoder.checkFits(ProfileFixtures.ownExtractorManifest()))
                .hasMessageContaining("was made for encoder mn04; model own-test has its own extractor: make the profile again with this model");
        assertThatThrownBy(() -> forEncoder.checkFits(ProfileFixtures.encoderManifest(384)))
                .hasMessageContaining("has 2 encoder dimensions; model encoder-test has 384");
        ModelManifest old = new ModelManifest(ModelManifest.FORMAT, "old", "0", "", Labels.standard(), 0.5,
                FeatureSpec.of(FeatureConfig.DEFAULT, FrontEnd.EFFICIENTAT_LOGMEL), Normalization.identity(), Map.of(), Map.of(),
                EncoderReference.of(EncoderSpec.MN04, EncoderReference.EMBEDDING));
        assertThatThrownBy(() -> forEncoder.checkFits(old)).hasMessageContaining("export it again");
        DomainProfile own = new DomainProfile("acme", FeatureSpec.of(FeatureConfig.DEFAULT).version(), null, 1, 1, Normalization.identity(), null);
        own.checkFits(ProfileFixtures.ownExtractorManifest());
        assertThatThrownBy(() -> new DomainProfile("x", "v", "mn04", 1, 1, Normalization.identity(), null)).hasMessageContaining("an encoder name needs");
    }

    @Test
    void aProfileFileRoundTripsAndABadOneIsNamedInOneLine() throws Exception {
        Path file = dir.resolve("profiles/acme.json");
        DomainProfile profile = encoderProfile("acme");
        DomainProfileFile.write(profile, file);
        DomainProfile read = DomainProfileFile.read(file);
        assertThat(read.domain()).isEqualTo("acme");
        assertThat(read.segments()).isEqualTo(12);
        assertThat(read.inputs()).isEqualTo(profile.inputs());
        assertThat(read.encoderOutput().std()).containsExactly(0.5f, 4f);
        assertThat(read.describe()).isEqualTo("domain profile 'acme' (12 speech segments, 30.5 s)");

        assertThatThrownBy(() -> DomainProfileFile.read(dir.resolve("missing.json")))
                .hasMessageContaining("missing.json does not exist").hasMessageNotContaining("\n");
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"domain\": 3, \"segments\": \"many\"");
        assertThatThrownBy(() -> DomainProfileFile.read(garbage))
                .hasMessageStartingWith("domain profile " + garbage + " is not a profile ser classify wrote").hasMessageNotContaining("\n");
        Path partial = Files.writeString(dir.resolve("partial.json"), "{\"domain\": \"x\"}");
        assertThatThrownBy(() -> DomainProfileFile.read(partial)).hasMessageStartingWith("domain profile " + partial).hasMessageNotContaining("\n");
    }
}
