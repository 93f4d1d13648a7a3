package io.serstreams.trainer.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pre-trains the transferred path on a task without emotion labels ({@link PretrainingTarget}:
 * the speaker's gender, or a frozen teacher's embedding to distil), over the training domains'
 * train speakers only (in domain generalization the held-out domain's audio is never seen).
 * Returns the extractor's weights, parameter by parameter, for {@link MpglnTrainer} to start from.
 */
public final class ExtractorPretrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractorPretrainer.class);

    private ExtractorPretrainer() {
    }

    /**
     * What pre-training gave.
     *
     * @param extractor the extractor's weights, in {@link MpglnBlock#newExtractor}'s parameter order
     * @param losses    the loss of every step
     */
    public record Pretrained(List<float[]> extractor, List<Float> losses) {
    }

    /**
     * Trains a fresh {@link MpglnBlock#newExtractor(MpglnConfig) extractor} of {@code config} and a
     * linear head to predict {@code target} for {@code steps} steps of {@code batch} examples, the
     * log-mel patches standardised with {@code norm}, logging the loss every 50 steps.
     */
    public static Pretrained pretrain(PretrainingTarget target, Normalization norm, MpglnConfig config, int steps, int batch,
                                      float learningRate, long seed, int patchFrames, int melBands) {
        return pretrain(target, norm, Map.of(), config, steps, batch, learningRate, seed, patchFrames, melBands);
    }

    /**
     * As above, each example's patches standardised by its domain's statistics in {@code byDomain}
     * (as the training that follows standardises them), or by {@code norm} where that is empty.
     */
    public static Pretrained pretrain(PretrainingTarget target, Normalization norm, Map<String, Normalization> byDomain, MpglnConfig config,
                                      int steps, int batch, float learningRate, long seed, int patchFrames, int melBands) {
        Engine.getInstance().setRandomSeed((int) seed);
        Random random = new Random(seed);
        SequentialBlock extractor = MpglnBlock.newExtractor(config);
        List<Float> losses = new ArrayList<>();
        try (Model model = Model.newInstance("extractor-pretraining")) {
            model.setBlock(new PretrainingNet(extractor, config.embedding(), target.outputs()));
            // The loss is the target's; the configuration's only holds the optimiser.
            DefaultTrainingConfig training = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(learningRate)).build());
            try (Trainer trainer = model.newTrainer(training)) {
                trainer.initialize(new Shape(batch, 1, patchFrames, melBands), new Shape(batch, batch));
                long start = System.nanoTime();
                for (int step = 0; step < steps; step++) {
                    List<PretrainingTarget.Pick> picks = new ArrayList<>(batch);
                    for (int b = 0; b < batch; b++) {
                        picks.add(target.pick(random));
                    }
                    try (NDManager m = trainer.getManager().newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(inputs(m, picks, norm, byDomain, patchFrames, melBands));
                        NDArray loss = target.loss(out.singletonOrThrow(), targets(m, picks));
                        collector.backward(loss);
                        losses.add(loss.getFloat());
                    }
                    trainer.step();
                    if ((step + 1) % 50 == 0 || step + 1 == steps) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        double recent = losses.subList(Math.max(0, losses.size() - 50), losses.size()).stream().mapToDouble(Float::doubleValue)
                                .average().orElse(Double.NaN);
                        LOG.info("pre-training ({}) step {}/{}: loss {} (mean of last 50), {} s elapsed, about {} s left", target.task(), step + 1,
                                steps, String.format("%.4f", recent), Math.round(seconds), Math.round(seconds / (step + 1) * (steps - step - 1)));
                    }
                }
            }
            List<float[]> weights = new ArrayList<>();
            extractor.getParameters().forEach(p -> weights.add(p.getValue().getArray().toFloatArray()));
            return new Pretrained(weights, losses);
        }
    }

    /**
     * The picks' patches {@code [N, 1, frames, bands]}, standardised, and the matrix {@code [B, N]}
     * that averages each pick's patch embeddings.
     */
    private static NDList inputs(NDManager manager, List<PretrainingTarget.Pick> picks, Normalization pooled, Map<String, Normalization> byDomain,
                                 int patchFrames, int melBands) {
        int patchSize = patchFrames * melBands;
        int total = picks.stream().mapToInt(p -> p.patches().length).sum();
        float[] patches = new float[total * patchSize];
        float[] pooling = new float[picks.size() * total];
        int n = 0;
        for (int b = 0; b < picks.size(); b++) {
            PretrainingTarget.Pick pick = picks.get(b);
            float[] mel = pick.example().segment().logMel();
            Normalization norm = byDomain.getOrDefault(pick.example().source().domain(), pooled);
            for (int patch : pick.patches()) {
                for (int i = 0; i < patchSize; i++) {
                    patches[n * patchSize + i] = (mel[patch * patchSize + i] - norm.logMelMean()) / norm.logMelStd();
                }
                pooling[b * total + n] = 1f / pick.patches().length;
                n++;
            }
        }
        return new NDList(manager.create(patches, new Shape(total, 1, patchFrames, melBands)), manager.create(pooling, new Shape(picks.size(), total)));
    }

    private static NDArray targets(NDManager manager, List<PretrainingTarget.Pick> picks) {
        int width = picks.get(0).target().length;
        float[] values = new float[picks.size() * width];
        for (int b = 0; b < picks.size(); b++) {
            System.arraycopy(picks.get(b).target(), 0, values, b * width, width);
        }
        return manager.create(values, new Shape(picks.size(), width));
    }

    /** The extractor over each patch, the mean of each example's patch embeddings (a pooling matrix), and the throw-away head. */
    private static final class PretrainingNet extends AbstractBlock {
        private final SequentialBlock extractor;
        private final Linear head;
        private final int embedding;

        PretrainingNet(SequentialBlock extractor, int embedding, int outputs) {
            this.extractor = addChildBlock("extractor", extractor);
            this.head = addChildBlock("head", Linear.builder().setUnits(outputs).build());
            this.embedding = embedding;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray embeddings = extractor.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
            NDArray pooled = inputs.get(1).matMul(embeddings);
            return head.forward(ps, new NDList(pooled), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return head.getOutputShapes(new Shape[]{new Shape(inputShapes[1].get(0), embedding)});
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            extractor.initialize(manager, dataType, inputShapes[0]);
            head.initialize(manager, dataType, new Shape(inputShapes[1].get(0), embedding));
        }
    }

    /** Copies pre-trained weights into a model's extractor (same configuration, same parameter order). */
    public static void load(MpglnBlock block, List<float[]> weights, boolean freeze) {
        var parameters = block.extractor().getParameters();
        if (parameters.size() != weights.size()) {
            throw new IllegalArgumentException("pre-trained extractor has " + weights.size() + " parameters, the model's has " + parameters.size());
        }
        for (int i = 0; i < weights.size(); i++) {
            parameters.valueAt(i).getArray().set(weights.get(i));
        }
        if (freeze) {
            block.extractor().freezeParameters(true);
        }
    }
}
