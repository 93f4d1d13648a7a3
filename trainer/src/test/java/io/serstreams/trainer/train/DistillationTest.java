package io.serstreams.trainer.train;

import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.encoder.DomainStandardisation;
import io.serstreams.trainer.encoder.EncoderFeatureCache;
import io.serstreams.trainer.encoder.Mn04Features;
import io.serstreams.trainer.encoder.Mn04Input;
import io.serstreams.trainer.encoder.Mn04Teacher;
import io.serstreams.trainer.model.EncoderFixtures;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distilling the frozen mn04 into the VGG-style extractor on a few real clips of two corpora: the
 * regression loss against mn04's standardised embeddings falls as the student trains; skipped,
 * saying why, without ../shared/encoders or the corpora.
 */
class DistillationTest {
    private static final FeatureConfig FEATURES = FeatureConfig.DEFAULT;

    @TempDir
    Path dir;

    /** A few real clips of two corpora, their segments and mn04's cached outputs for them. */
    private record Clips(EncoderFeatureCache cache, List<TrainingExample> examples) {
    }

    private Clips clips() {
        List<Utterance> clips = EncoderFixtures.clips(List.of("emodb", "ravdess"), 5, 4);
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        EncoderFeatureCache cache = new EncoderFeatureCache(dir.resolve("encoder-cache"), EncoderFixtures.mn04(), FEATURES);
        cache.ensure(clips, problems);
        return new Clips(cache, FeatureDataset.build(clips, List.of("emodb", "ravdess"), FEATURES, problems));
    }

    /** 60 steps of a tiny student on {@code target}: the last ten steps' loss is under 0.8 of the first ten's. */
    private static void assertTheLossFalls(DistillationTarget target, List<TrainingExample> examples) {
        Normalization norm = NormalizationStats.of(examples, FEATURES.melBands());
        ExtractorPretrainer.Pretrained pretrained = ExtractorPretrainer.pretrain(target, norm, MpglnConfig.tiny(Variant.MPGL, 2), 60, 4, 3e-3f, 2,
                FEATURES.patchFrames(), FEATURES.melBands());
        MpglnTrainer.History history = new MpglnTrainer.History(pretrained.losses());
        assertThat(pretrained.losses()).hasSize(60).allSatisfy(l -> assertThat(l).isFinite());
        assertThat(history.meanOfLast(10)).isLessThan(0.8 * history.meanOfFirst(10));
    }

    @Test
    void theStudentLearnsToReproduceMn04sEmbeddings() {
        Clips clips = clips();
        EncoderFeatureCache cache = clips.cache();
        List<TrainingExample> examples = clips.examples();
        // Segment targets are what --encoder mn04 feeds its projection: the pooled embedding, each corpus standardised.
        Mn04Input served = new Mn04Input(cache, Mn04Features.EMBEDDING, DomainStandardisation.perDomain(cache, Mn04Features.EMBEDDING, examples));
        DistillationTarget target = new Mn04Teacher(cache, FEATURES.patchFrames()).perSegment(examples);
        assertThat(target.pairs()).isEqualTo(examples.size());

        PretrainingTarget.Pick pick = target.pick(new Random(1));
        assertThat(pick.patches()).hasSize(pick.example().segment().patches());
        assertThat(pick.target()).hasSize(384);
        float[] expected = served.of(pick.example());
        for (int i = 0; i < expected.length; i++) {
            assertThat(pick.target()[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4f));
        }

        assertTheLossFalls(target, examples);
    }

    @Test
    void perPatchTargetsPairEachFullPatchWithItsOwnTeacherVectorAndTheStudentLearnsThem() {
        Clips clips = clips();
        EncoderFeatureCache cache = clips.cache();
        List<TrainingExample> examples = clips.examples();
        DistillationTarget target = new Mn04Teacher(cache, FEATURES.patchFrames()).perPatch(examples);

        int fullPatches = examples.stream().mapToInt(e -> Math.max(1, e.segment().frames() / FEATURES.patchFrames())).sum();
        assertThat(target.pairs()).isEqualTo(fullPatches).isGreaterThan(examples.size());
        Random random = new Random(3);
        java.util.Set<Integer> patchesSeen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            PretrainingTarget.Pick pick = target.pick(random);
            assertThat(pick.patches()).hasSize(1);
            assertThat(pick.target()).hasSize(384);
            for (float v : pick.target()) {
                assertThat(v).isFinite();
            }
            patchesSeen.add(pick.patches()[0]);
        }
        assertThat(patchesSeen).as("both patches of the two-patch segments are drawn").contains(0, 1);

        assertTheLossFalls(target, examples);
    }
}
