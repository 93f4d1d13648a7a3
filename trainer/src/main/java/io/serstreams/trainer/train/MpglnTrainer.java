package io.serstreams.trainer.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.data.BalancedBatchSampler;
import io.serstreams.trainer.model.MpglnBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains an {@link MpglnBlock} with Adam on batches balanced over domains and classes, logging the
 * loss and the time left as it goes. The loss function is our own ({@link GroupLoss}); DJL's
 * trainer only holds the parameters and applies the optimiser.
 */
public final class MpglnTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(MpglnTrainer.class);

    private MpglnTrainer() {
    }

    /** Per-step losses, for progress and for tests. */
    public record History(List<Float> losses) {
        /** Mean loss over the first (or last) {@code n} steps. */
        public double meanOfFirst(int n) {
            return losses.subList(0, Math.min(n, losses.size())).stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
        }

        public double meanOfLast(int n) {
            return losses.subList(Math.max(0, losses.size() - n), losses.size()).stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
        }
    }

    /**
     * Trains {@code model}'s block (initialised here) on {@code examples}; inputs are standardised
     * with {@code norm}, which the exported bundle must carry.
     */
    public static History train(Model model, List<TrainingExample> examples, Normalization norm, TrainingSettings settings, int patchFrames, int melBands) {
        return train(model, examples, norm, settings, patchFrames, melBands, null);
    }

    /**
     * As {@link #train(Model, List, Normalization, TrainingSettings, int, int)}, starting the
     * extractor from pre-trained weights (frozen) when {@code pretrainedExtractor} is not null.
     */
    public static History train(Model model, List<TrainingExample> examples, Normalization norm, TrainingSettings settings, int patchFrames,
                                int melBands, List<float[]> pretrainedExtractor) {
        Engine.getInstance().setRandomSeed((int) settings.seed());
        Random random = new Random(settings.seed());
        BalancedBatchSampler<TrainingExample> sampler = new BalancedBatchSampler<>(examples, e -> Integer.toString(e.domain()),
                e -> BalancedBatchSampler.classKey(e.labels()), settings.seed());
        BatchAssembler assembler = new BatchAssembler(norm, patchFrames, melBands);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(settings.learningRate())).build());
        List<Float> losses = new ArrayList<>();
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(1, 2, patchFrames, melBands), new Shape(1, 192, FrameDescriptor.COUNT));
            if (pretrainedExtractor != null) {
                ExtractorPretrainer.load((MpglnBlock) model.getBlock(), pretrainedExtractor, true);
            }
            long start = System.nanoTime();
            for (int step = 0; step < settings.steps(); step++) {
                List<TrainingExample> picked = sampler.next(settings.batchSize());
                try (NDManager batchManager = trainer.getManager().newSubManager()) {
                    BatchAssembler.Batch batch = assembler.assemble(batchManager, picked, random);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList outputs = trainer.forward(batch.inputs());
                        NDArray loss = settings.loss().compute(outputs, batch.targets());
                        collector.backward(loss);
                        losses.add(loss.getFloat());
                    }
                    trainer.step();
                }
                if ((step + 1) % 50 == 0 || step + 1 == settings.steps()) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    LOG.info("step {}/{}: loss {} (mean of last 50), {} s elapsed, about {} s left", step + 1, settings.steps(),
                            String.format("%.4f", new History(losses).meanOfLast(50)), Math.round(seconds),
                            Math.round(seconds / (step + 1) * (settings.steps() - step - 1)));
                }
            }
        }
        return new History(losses);
    }
}
