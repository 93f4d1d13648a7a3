package io.serstreams.trainer.train;

import ai.djl.ndarray.NDArray;

import java.util.Random;

/**
 * What {@link ExtractorPretrainer} trains the transferred path to predict, from examples of the
 * training domains' train speakers and without emotion labels: the extractor reads some patches of
 * an example, their embeddings are averaged, and a throw-away head maps the average to
 * {@link #outputs()} values that {@link #loss} compares with the example's target.
 */
public interface PretrainingTarget {
    /** The name in progress lines and model cards, e.g. {@code speaker gender}. */
    String task();

    /** Width of the throw-away head over the averaged embedding. */
    int outputs();

    /**
     * One drawn example.
     *
     * @param patches indices of the example's log-mel patches the extractor reads
     * @param target  what the head should give for it, the same length for every pick of a target
     */
    record Pick(TrainingExample example, int[] patches, float[] target) {
    }

    /** Draws one example at random. */
    Pick pick(Random random);

    /** The scalar loss of the head's {@code predictions} {@code [B, outputs]} against the picks' {@code targets} {@code [B, target length]}. */
    NDArray loss(NDArray predictions, NDArray targets);
}
