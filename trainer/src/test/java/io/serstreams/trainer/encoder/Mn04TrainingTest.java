package io.serstreams.trainer.encoder;

import io.serstreams.modelserver.bundle.FeatureStatistics;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.eval.DjlUtteranceClassifier;
import io.serstreams.trainer.eval.UtteranceClassifier;
import io.serstreams.trainer.model.EncoderFixtures;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.train.BatchAssembler;
import io.serstreams.trainer.train.FeatureDataset;
import io.serstreams.trainer.train.GroupLoss;
import io.serstreams.trainer.train.MpglnTrainer;
import io.serstreams.trainer.train.NormalizationStats;
import io.serstreams.trainer.train.SegmentSource;
import io.serstreams.trainer.train.TrainingExample;
import io.serstreams.trainer.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * MPGLN over the frozen mn04 on a handful of real clips: the encoder's outputs are cached per
 * segment under the checkpoint's and settings' key and read back as written; each domain's
 * inputs are standardised by its own statistics; a tiny MPGL learns on them; and the DJL
 * classifier reads utterances with them.
 */
class Mn04TrainingTest {
    private static final FeatureConfig FEATURES = FeatureConfig.DEFAULT;

    @TempDir
    Path dir;

    @Test
    void cachesTrainsAndClassifiesOverMn04() throws Exception {
        Path checkpoint = EncoderFixtures.mn04();
        List<Utterance> utterances = fewClips();
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        EncoderFeatureCache cache = new EncoderFeatureCache(dir, checkpoint, FEATURES);
        cache.ensure(utterances, problems);
        assertThat(cache.folder().getFileName().toString()).startsWith("899a8c621706-");
        assertThat(cache.folder().resolve("emodb.bin")).isRegularFile();
        assertThat(cache.folder().resolve("korean.bin")).isRegularFile();

        List<TrainingExample> examples = FeatureDataset.build(utterances, List.of("emodb", "korean"), FEATURES, problems);
        EncoderFeatureCache reopened = new EncoderFeatureCache(dir, checkpoint, FEATURES);
        for (TrainingExample e : examples) {
            EncodedSegment written = cache.of(e.source(), e.segment().index()).orElseThrow();
            EncodedSegment read = reopened.of(e.source(), e.segment().index()).orElseThrow();
            assertThat(read.embedding()).containsExactly(written.embedding());
            assertThat(read.frames()).containsExactly(written.frames());
            assertThat(written.embedding()).hasSize(384);
            assertThat(written.logits()).hasSize(527);
            // ~320 ms per step: a segment of n ms has about n / 320 steps.
            long ms = e.segment().endMs() - e.segment().startMs();
            assertThat(written.steps()).isBetween((int) (ms / 320) - 1, (int) (ms / 320) + 2);
        }

        Map<String, FeatureStatistics> stats = DomainStandardisation.perDomain(cache, Mn04Features.EMBEDDING, examples);
        Mn04Input input = new Mn04Input(cache, Mn04Features.EMBEDDING, stats);
        for (String domain : List.of("emodb", "korean")) {
            List<TrainingExample> ofDomain = examples.stream().filter(e -> e.source().domain().equals(domain)).toList();
            double sum = 0;
            for (TrainingExample e : ofDomain) {
                sum += input.of(e)[0];
            }
            assertThat(sum / ofDomain.size()).isCloseTo(0, within(1e-4));
        }

        Normalization norm = NormalizationStats.of(examples, FEATURES.melBands());
        BatchAssembler assembler = new BatchAssembler(norm, FEATURES.patchFrames(), FEATURES.melBands(), input);
        try (Model model = Model.newInstance("mpgln"); NDManager manager = NDManager.newBaseManager()) {
            MpglnBlock block = new MpglnBlock(MpglnConfig.tiny(Variant.MPGL, 2).withEncoderInput(input.size()));
            model.setBlock(block);
            MpglnTrainer.History history = MpglnTrainer.train(model, examples, assembler, new TrainingSettings(150, 8, 3e-3f, 5, GroupLoss.defaults()),
                    null, MpglnTrainer.Checkpoints.none());
            assertThat(history.meanOfLast(30)).isLessThan(0.75 * history.meanOfFirst(30));

            UtteranceClassifier.Reading reading = new DjlUtteranceClassifier(block, assembler, SegmentSource.reading(FEATURES), manager).classify(utterances.get(0)).orElseThrow();
            assertThat(reading.emotion()).hasSize(4);
            assertThat(sum(reading.emotion())).isCloseTo(1, within(1e-4));
            assertThat(sum(reading.arousal())).isCloseTo(1, within(1e-4));
        }
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    /** Eight clips of emodb and of korean with a core emotion. */
    private static List<Utterance> fewClips() {
        return EncoderFixtures.clips(List.of("emodb", "korean"), 5, 8);
    }
}
