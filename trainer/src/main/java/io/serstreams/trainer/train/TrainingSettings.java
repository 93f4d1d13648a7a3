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
 * @param weightDecay  L2 penalty on every weight, added to its gradient before Adam (0: none)
 * @param augmentedCopies training copies of each recording through simulated channels, beside the recording itself (0: none)
 * @param plainLineCopies whether each recording is also trained on as heard over plain G.711 lines (mu-law and A-law)
 */
public record TrainingSettings(int steps, int batchSize, float learningRate, long seed, GroupLoss loss, float encoderLrScale, float weightDecay,
                               int augmentedCopies, boolean plainLineCopies) {
    public TrainingSettings {
        if (augmentedCopies < 0) {
            throw new IllegalArgumentException("augmented copies cannot be negative, got " + augmentedCopies);
        }
        if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
        }
    }

    /** Settings without weight decay or augmentation. */
    public TrainingSettings(int steps, int batchSize, float learningRate, long seed, GroupLoss loss, float encoderLrScale) {
        this(steps, batchSize, learningRate, seed, loss, encoderLrScale, 0f, 0, false);
    }

    /** Settings without fine-tuned encoder blocks or weight decay. */
    public TrainingSettings(int steps, int batchSize, float learningRate, long seed, GroupLoss loss) {
        this(steps, batchSize, learningRate, seed, loss, 1f, 0f, 0, false);
    }
}
