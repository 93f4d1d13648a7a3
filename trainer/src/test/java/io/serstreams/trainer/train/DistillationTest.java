package io.serstreams.trainer.train;

import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.encoder.DomainStandardisation;
import io.serstreams.trainer.encoder.EncoderFeatureCache;
import io.serstreams.trainer.encoder.Mn04Features;
import io.serstreams.trainer.encoder.Mn04Input;
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

    @Test
    void theStudentLearnsToReproduceMn04sEmbeddings() {
        Path checkpoint = EncoderFixtures.mn04();
        List<Utterance> clips = EncoderFixtures.clips(List.of("emodb", "ravdess"), 5, 4);
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        EncoderFeatureCache cache = new EncoderFeatureCache(dir.resolve("encoder-cache"), checkpoint, FEATURES);
        cache.ensure(clips, problems);
        List<TrainingExample> examples = FeatureDataset.build(clips, List.of("emodb", "ravdess"), FEATURES, problems);
        Normalization norm = NormalizationStats.of(examples, FEATURES.melBands());
        Mn04Input teacher = new Mn04Input(cache, Mn04Features.EMBEDDING, DomainStandardisation.perDomain(cache, Mn04Features.EMBEDDING, examples));
        DistillationTarget target = new DistillationTarget(examples, teacher.size(), teacher::of, "mn04 embedding distillation");

        PretrainingTarget.Pick pick = target.pick(new Random(1));
        assertThat(pick.patches()).hasSize(pick.example().segment().patches());
        assertThat(pick.target()).hasSize(384).containsExactly(teacher.of(pick.example()));

        ExtractorPretrainer.Pretrained pretrained = ExtractorPretrainer.pretrain(target, norm, MpglnConfig.tiny(Variant.MPGL, 2), 60, 4, 3e-3f, 2,
                FEATURES.patchFrames(), FEATURES.melBands());
        MpglnTrainer.History history = new MpglnTrainer.History(pretrained.losses());
        assertThat(pretrained.losses()).hasSize(60).allSatisfy(l -> assertThat(l).isFinite());
        assertThat(history.meanOfLast(10)).isLessThan(0.8 * history.meanOfFirst(10));
    }
}
