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
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.data.BalancedBatchSampler;
import io.serstreams.trainer.model.MpglnBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
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
     * Where and how often a run saves its state, and the state it resumes from (null: a fresh start).
     *
     * @param file            checkpoint file, rewritten every {@code every} steps and at the end; null: none
     * @param every           steps between checkpoints
     * @param resumeFrom      state to continue from; its step count must not exceed the run's
     * @param extractorFrozen whether the resumed run's extractor was pre-trained and frozen
     */
    public record Checkpoints(Path file, int every, TrainingCheckpoint resumeFrom, boolean extractorFrozen) {
        public static Checkpoints none() {
            return new Checkpoints(null, 0, null, false);
        }
    }

    /**
     * Trains {@code model}'s block (initialised here) on {@code examples}; inputs are standardised
     * with {@code norm}, which the exported bundle must carry.
     */
    public static History train(Model model, List<TrainingExample> examples, Normalization norm, TrainingSettings settings, int patchFrames, int melBands) {
        return train(model, examples, norm, settings, patchFrames, melBands, null, Checkpoints.none());
    }

    /**
     * As {@link #train(Model, List, Normalization, TrainingSettings, int, int)}, starting the
     * extractor from pre-trained weights (frozen) when {@code pretrainedExtractor} is not null, and
     * saving or resuming as {@code checkpoints} says. A resumed run replays the random draws of the
     * steps already taken, so it ends with the same weights as a run that never stopped.
     */
    public static History train(Model model, List<TrainingExample> examples, Normalization norm, TrainingSettings settings, int patchFrames,
                                int melBands, List<float[]> pretrainedExtractor, Checkpoints checkpoints) {
        return train(model, examples, new BatchAssembler(norm, patchFrames, melBands), settings, pretrainedExtractor, checkpoints);
    }

    /**
     * As above, with batches packed by {@code assembler}: one whose transferred input is a frozen
     * encoder's vectors trains a block built {@link io.serstreams.trainer.model.MpglnConfig#overEncoder() over the encoder}.
     */
    public static History train(Model model, List<TrainingExample> examples, BatchAssembler assembler, TrainingSettings settings,
                                List<float[]> pretrainedExtractor, Checkpoints checkpoints) {
        Engine.getInstance().setRandomSeed((int) settings.seed());
        Random random = new Random(settings.seed());
        BalancedBatchSampler<TrainingExample> sampler = new BalancedBatchSampler<>(examples, e -> Integer.toString(e.domain()),
                e -> BalancedBatchSampler.classKey(e.labels()), settings.seed());
        MpglnBlock block = (MpglnBlock) model.getBlock();
        ResumableAdam optimizer = new ResumableAdam(settings.learningRate(), settings.weightDecay());
        // mn04's fine-tuned blocks learn at a lower rate, so the pre-trained weights move slowly.
        block.encoderTail().ifPresent(tail -> {
            tail.unfreeze();
            optimizer.scaling(tail.getParameters().values(), settings.encoderLrScale());
        });
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer);
        List<Float> losses = new ArrayList<>();
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(assembler.firstInputShape(), new Shape(1, 192, FrameDescriptor.COUNT));
            if (pretrainedExtractor != null) {
                ExtractorPretrainer.load(block, pretrainedExtractor, true);
            }
            int first = 0;
            TrainingCheckpoint resume = checkpoints.resumeFrom();
            if (resume != null) {
                if (resume.step() > settings.steps()) {
                    throw new IllegalArgumentException("the checkpoint is at step " + resume.step() + ", past the run's " + settings.steps() + " steps");
                }
                restoreParameters(block, resume);
                optimizer.restore(block.getParameters(), resume.optimizer());
                if (checkpoints.extractorFrozen()) {
                    block.extractor().freezeParameters(true);
                }
                for (int step = 0; step < resume.step(); step++) {
                    BatchAssembler.cropOffsets(sampler.next(settings.batchSize()), random);
                }
                first = resume.step();
                LOG.info("resuming at step {}/{}", first, settings.steps());
            }
            long start = System.nanoTime();
            for (int step = first; step < settings.steps(); step++) {
                List<TrainingExample> picked = sampler.next(settings.batchSize());
                try (NDManager batchManager = trainer.getManager().newSubManager()) {
                    BatchAssembler.Batch batch = assembler.assemble(batchManager, picked, random);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList outputs = trainer.forward(batch.inputs());
                        NDArray loss = settings.loss().compute(outputs, batch.targets());
                        float value = loss.getFloat();
                        if (!Float.isFinite(value)) {
                            // Scoring a diverged model would report chance-level figures as if they were results.
                            throw new IllegalStateException("training diverged at step " + (step + 1) + ": the loss is " + value
                                    + "; try a lower --lr (or --encoder-lr-scale)");
                        }
                        collector.backward(loss);
                        losses.add(value);
                    }
                    trainer.step();
                }
                boolean last = step + 1 == settings.steps();
                if ((step + 1) % 50 == 0 || last) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    int done = step + 1 - first;
                    LOG.info("step {}/{}: loss {} (mean of last 50), {} s elapsed, about {} s left", step + 1, settings.steps(),
                            String.format("%.4f", new History(losses).meanOfLast(50)), Math.round(seconds),
                            Math.round(seconds / done * (settings.steps() - step - 1)));
                }
                if (checkpoints.file() != null && ((step + 1) % checkpoints.every() == 0 || last)) {
                    checkpoint(block, optimizer, step + 1).write(checkpoints.file());
                }
            }
        }
        return new History(losses);
    }

    /** The block's weights and the optimiser's state after {@code step} steps. */
    static TrainingCheckpoint checkpoint(MpglnBlock block, ResumableAdam optimizer, int step) {
        Map<String, float[]> parameters = new LinkedHashMap<>();
        block.getParameters().forEach(p -> parameters.put(p.getKey(), p.getValue().getArray().toFloatArray()));
        return new TrainingCheckpoint(step, parameters, optimizer.state(block.getParameters()));
    }

    /** Copies a checkpoint's weights into an initialised block of the same configuration. */
    public static void restoreParameters(MpglnBlock block, TrainingCheckpoint checkpoint) {
        var parameters = block.getParameters();
        if (!parameters.keys().equals(List.copyOf(checkpoint.parameters().keySet()))) {
            throw new IllegalArgumentException("the checkpoint's parameters " + checkpoint.parameters().keySet()
                    + " do not match the model's " + parameters.keys() + ": was it written for another variant or size?");
        }
        for (var entry : parameters) {
            float[] values = checkpoint.parameters().get(entry.getKey());
            NDArray array = entry.getValue().getArray();
            if (values.length != array.getShape().size()) {
                throw new IllegalArgumentException("checkpoint parameter " + entry.getKey() + " has " + values.length + " values, the model's "
                        + array.getShape() + ": was it written for another variant or size?");
            }
            array.set(values);
        }
    }
}
