package io.serstreams.trainer.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Pre-trains the transferred path on a task without emotion labels: telling female from male
 * speakers, one 0.96 s log-mel patch at a time, over the training domains' train speakers only
 * (in domain generalization the held-out domain's audio is never seen). Returns the extractor's
 * weights, parameter by parameter, for {@link MpglnTrainer} to start from.
 */
public final class ExtractorPretrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractorPretrainer.class);

    private ExtractorPretrainer() {
    }

    /** A patch and its speaker's gender. */
    public record Labelled(TrainingExample example, int gender) {
    }

    public static List<float[]> pretrain(List<Labelled> examples, Normalization norm, MpglnConfig config, int steps, int batch,
                                         float learningRate, long seed, int patchFrames, int melBands) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples with a known speaker gender to pre-train on");
        }
        Engine.getInstance().setRandomSeed((int) seed);
        Random random = new Random(seed);
        SequentialBlock extractor = MpglnBlock.newExtractor(config);
        SequentialBlock net = new SequentialBlock().add(extractor).add(Linear.builder().setUnits(2).build());
        try (Model model = Model.newInstance("extractor-pretraining")) {
            model.setBlock(net);
            DefaultTrainingConfig training = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(learningRate)).build());
            try (Trainer trainer = model.newTrainer(training)) {
                trainer.initialize(new Shape(batch, 1, patchFrames, melBands));
                int patchSize = patchFrames * melBands;
                double recent = 0;
                for (int step = 0; step < steps; step++) {
                    float[] input = new float[batch * patchSize];
                    float[] labels = new float[batch];
                    for (int b = 0; b < batch; b++) {
                        Labelled pick = examples.get(random.nextInt(examples.size()));
                        var segment = pick.example().segment();
                        int patch = random.nextInt(Math.max(1, segment.frames() / patchFrames));
                        float[] mel = segment.logMel();
                        for (int i = 0; i < patchSize; i++) {
                            input[b * patchSize + i] = (mel[patch * patchSize + i] - norm.logMelMean()) / norm.logMelStd();
                        }
                        labels[b] = pick.gender();
                    }
                    try (NDManager m = trainer.getManager().newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray x = m.create(input, new Shape(batch, 1, patchFrames, melBands));
                        NDList out = trainer.forward(new NDList(x));
                        NDArray loss = trainer.getLoss().evaluate(new NDList(m.create(labels).toType(DataType.FLOAT32, false)), out);
                        collector.backward(loss);
                        recent += loss.getFloat() / 50;
                    }
                    trainer.step();
                    if ((step + 1) % 50 == 0) {
                        LOG.info("pre-training (speaker gender) step {}/{}: loss {}", step + 1, steps, String.format("%.4f", recent));
                        recent = 0;
                    }
                }
            }
            List<float[]> weights = new ArrayList<>();
            extractor.getParameters().forEach(p -> weights.add(p.getValue().getArray().toFloatArray()));
            return weights;
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
