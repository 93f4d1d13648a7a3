package io.serstreams.trainer.train;

/**
 * How a model is trained.
 *
 * @param steps        optimiser steps
 * @param batchSize    segments per step, balanced over domains and classes
 * @param learningRate Adam's learning rate
 * @param seed         seeds sampling, cropping and initialisation
 * @param loss         loss weights (singleLoss for SPSL and MPSL)
 */
public record TrainingSettings(int steps, int batchSize, float learningRate, long seed, GroupLoss loss) {
}
