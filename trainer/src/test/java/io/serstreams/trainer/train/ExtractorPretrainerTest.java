package io.serstreams.trainer.train;

import io.serstreams.trainer.testing.SyntheticVoice;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractorPretrainerTest {

    @Test
    void preTrainedWeightsLandInTheModelsExtractorFrozen() {
        Random random = new Random(4);
        List<GenderTarget.Labelled> labelled = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            int gender = n % 2;
            float[] audio = SyntheticVoice.of(gender == 1 ? 110 : 230, 0.3, 0.5, 0, 0, 0.01, 16000 * 2, random);
            UtteranceLabels labels = UtteranceLabels.of(Emotion.NEUTRAL);
            for (Segment s : ChannelFeatureExtractor.segmentsOf(audio, 16000, FeatureConfig.DEFAULT)) {
                labelled.add(new GenderTarget.Labelled(new TrainingExample(s, labels, 0,
                        new Utterance(Path.of("g" + n), "d", "s" + n, labels)), gender));
            }
        }
        MpglnConfig config = MpglnConfig.tiny(Variant.MPGL, 1);
        ExtractorPretrainer.Pretrained pretrained = ExtractorPretrainer.pretrain(new GenderTarget(labelled, 96), Normalization.identity(), config,
                20, 8, 1e-3f, 1, 96, 64);
        assertThat(pretrained.losses()).hasSize(20).allSatisfy(l -> assertThat(l).isFinite());
        List<float[]> weights = pretrained.extractor();
        assertThat(weights).isNotEmpty();

        try (Model model = Model.newInstance("mpgln"); NDManager manager = NDManager.newBaseManager()) {
            MpglnBlock block = new MpglnBlock(config);
            model.setBlock(block);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 96, 64), new Shape(1, 192, FrameDescriptor.COUNT));
            ExtractorPretrainer.load(block, weights, true);
            var parameters = block.extractor().getParameters();
            for (int i = 0; i < weights.size(); i++) {
                assertThat(parameters.valueAt(i).getArray().toFloatArray()).containsExactly(weights.get(i));
                assertThat(parameters.valueAt(i).requiresGradient()).isFalse();
            }
            assertThat(block.fusion().getParameters().valueAt(0).requiresGradient()).isTrue();
        }
    }
}
