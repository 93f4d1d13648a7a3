package io.serstreams.trainer.train;

/**
 * How a model is trained.
 *
 * @param steps        optimiser steps
 * @param batchSize    segments per step, balanced over domains and classes
 * @param learningRate Adam's learning rate
 * @param seed         seeds sampling, cropping and initialisation
 * @param loss         loss weights (singleLoss for SPSL and MPSL)
 * @param encoderLrScale the fine-tuned mn04 blocks learn at {@code learningRate * encoderLrScale} (unused without them)
 */
public record TrainingSettings(int steps, int batchSize, float learningRate, long seed, GroupLoss loss, float encoderLrScale) {
    /** Settings without fine-tuned encoder blocks. */
    public TrainingSettings(int steps, int batchSize, float learningRate, long seed, GroupLoss loss) {
        this(steps, batchSize, learningRate, seed, loss, 1f);
    }
}
