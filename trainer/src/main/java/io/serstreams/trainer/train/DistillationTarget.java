package io.serstreams.trainer.train;

import ai.djl.ndarray.NDArray;

import java.util.List;
import java.util.Random;

/**
 * Pre-training target: a frozen teacher's standardised vectors, each paired with the log-mel
 * patches of a training example it describes, reproduced from the mean of the student's
 * embeddings over those patches. Built by {@link io.serstreams.trainer.encoder.Mn04Teacher}: one vector per segment
 * (mn04's pooled embedding, over all the segment's patches) or one per patch (the mean of mn04's
 * time steps under that patch). The loss is the mean squared error over the teacher's dimensions.
 */
public final class DistillationTarget implements PretrainingTarget {
    private final List<Pick> pairs;
    private final String task;

    /**
     * @param pairs the training domains' train-speaker examples, each with the patches read and the
     *              teacher's standardised vector for them (at least one; all vectors of one length);
     *              labels are not read
     * @param task  what is distilled, for progress lines, e.g. {@code mn04 embedding distillation}
     */
    public DistillationTarget(List<Pick> pairs, String task) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no examples to distil the teacher's embeddings on");
        }
        int size = pairs.get(0).target().length;
        for (Pick p : pairs) {
            if (p.target().length != size) {
                throw new IllegalArgumentException("teacher vectors of " + size + " and " + p.target().length + " values in one target");
            }
        }
        this.pairs = List.copyOf(pairs);
        this.task = task;
    }

    @Override
    public String task() {
        return task;
    }

    @Override
    public int outputs() {
        return pairs.get(0).target().length;
    }

    /** How many (patches, teacher vector) pairs are drawn from. */
    public int pairs() {
        return pairs.size();
    }

    @Override
    public Pick pick(Random random) {
        return pairs.get(random.nextInt(pairs.size()));
    }

    @Override
    public NDArray loss(NDArray predictions, NDArray targets) {
        return predictions.sub(targets).square().mean();
    }
}
