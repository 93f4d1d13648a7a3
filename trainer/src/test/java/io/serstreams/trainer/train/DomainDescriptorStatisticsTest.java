package io.serstreams.trainer.train;

import ai.djl.ndarray.NDManager;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Frame descriptors standardised per domain: two corpora whose descriptors sit at different
 * levels (a loud one and a quiet one) each come out centred on zero by their own statistics,
 * where the pooled statistics leave them apart.
 */
class DomainDescriptorStatisticsTest {
    private static final int FRAMES = 40;
    private static final int PATCH_FRAMES = 96;
    private static final int MEL_BANDS = 64;

    @Test
    void eachDomainsDescriptorsAreCentredByItsOwnStatistics() {
        List<TrainingExample> examples = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 20; i++) {
            examples.add(example("loud", 10f, random));
            examples.add(example("quiet", -10f, random));
        }
        Normalization pooled = NormalizationStats.of(examples, MEL_BANDS);
        Map<String, Normalization> own = NormalizationStats.perDomain(examples, MEL_BANDS);
        assertThat(own).containsOnlyKeys("loud", "quiet");
        assertThat(own.get("loud").descriptorMean()[0]).isCloseTo(10f, within(0.2f));
        assertThat(own.get("quiet").descriptorMean()[0]).isCloseTo(-10f, within(0.2f));

        BatchAssembler byPool = new BatchAssembler(pooled, PATCH_FRAMES, MEL_BANDS);
        BatchAssembler byDomain = byPool.withDescriptorStatistics(own);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<TrainingExample> loud = examples.stream().filter(e -> e.source().domain().equals("loud")).toList();
            assertThat(meanOfFirstColumn(byPool.assemble(manager, loud, null))).isGreaterThan(0.9);
            assertThat(meanOfFirstColumn(byDomain.assemble(manager, loud, null))).isCloseTo(0.0, within(0.05));
            // A held-out domain given its own statistics later, the others untouched.
            BatchAssembler heldOut = byDomain.withDescriptorStatistics("loud", pooled);
            assertThat(meanOfFirstColumn(heldOut.assemble(manager, loud, null))).isGreaterThan(0.9);
        }
    }

    @Test
    void withInputStatisticsTheLogMelTooIsStandardisedByItsDomainsAndWithDescriptorStatisticsByThePools() {
        List<TrainingExample> examples = new ArrayList<>();
        Random random = new Random(4);
        for (int i = 0; i < 20; i++) {
            examples.add(example("loud", 10f, random));
            examples.add(example("quiet", -10f, random));
        }
        Normalization pooled = NormalizationStats.of(examples, MEL_BANDS);
        Map<String, Normalization> own = NormalizationStats.perDomain(examples, MEL_BANDS);
        assertThat(own.get("loud").logMelMean()).isCloseTo(10f, within(0.1f));
        BatchAssembler byPool = new BatchAssembler(pooled, PATCH_FRAMES, MEL_BANDS);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<TrainingExample> quiet = examples.stream().filter(e -> e.source().domain().equals("quiet")).toList();
            BatchAssembler.Batch inputs = byPool.withInputStatistics(own).assemble(manager, quiet, null);
            assertThat(mean(inputs.inputs().get(0).toFloatArray())).isCloseTo(0.0, within(0.05));
            assertThat(meanOfFirstColumn(inputs)).isCloseTo(0.0, within(0.05));
            assertThat(mean(byPool.withDescriptorStatistics(own).assemble(manager, quiet, null).inputs().get(0).toFloatArray())).isLessThan(-0.9);
        }
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    @Test
    void aDomainWithoutStatisticsIsNamed() {
        Random random = new Random(1);
        List<TrainingExample> examples = List.of(example("emodb", 0f, random));
        BatchAssembler assembler = new BatchAssembler(NormalizationStats.of(examples, MEL_BANDS), PATCH_FRAMES, MEL_BANDS)
                .withDescriptorStatistics(Map.of("emovo", NormalizationStats.of(examples, MEL_BANDS)));
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> assembler.assemble(manager, examples, null))
                    .hasMessageContaining("no descriptor statistics for domain emodb").hasMessageContaining("emovo");
        }
    }

    private static double meanOfFirstColumn(BatchAssembler.Batch batch) {
        float[] values = batch.inputs().get(1).toFloatArray();
        double sum = 0;
        int rows = values.length / FrameDescriptor.COUNT;
        for (int r = 0; r < rows; r++) {
            sum += values[r * FrameDescriptor.COUNT];
        }
        return sum / rows;
    }

    private static TrainingExample example(String domain, float level, Random random) {
        float[] descriptors = new float[FRAMES * FrameDescriptor.COUNT];
        for (int i = 0; i < descriptors.length; i++) {
            descriptors[i] = level + (float) random.nextGaussian();
        }
        float[] logMel = new float[PATCH_FRAMES * MEL_BANDS];
        for (int i = 0; i < logMel.length; i++) {
            logMel[i] = level + (float) random.nextGaussian();
        }
        Segment segment = new Segment(0, 0, 16000, 16000, FRAMES, 1, logMel, descriptors, 1f, 0);
        Utterance source = new Utterance(Path.of(domain + "-" + random.nextInt() + ".wav"), domain, "s1", UtteranceLabels.of(Emotion.ANGRY));
        return new TrainingExample(segment, source.labels(), 0, source);
    }
}
