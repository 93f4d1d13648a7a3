package io.serstreams.trainer.train;

/**
 * A fixed-size vector per training example that replaces the log-mel patches as the transferred
 * path's input: a frozen pre-trained encoder's output, already standardised.
 */
public interface TransferredInput {
    /** The vector's length. */
    int size();

    /** The vector of {@code example}. */
    float[] of(TrainingExample example);
}
