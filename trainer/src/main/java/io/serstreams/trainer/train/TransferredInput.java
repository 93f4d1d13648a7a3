package io.serstreams.trainer.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * What replaces the log-mel patches as the transferred path's input: a frozen pre-trained
 * encoder's output per example (already standardised), or the activation maps its fine-tuned last
 * blocks read.
 */
public interface TransferredInput {
    /** The first input's shape for a batch of one, for initialising the model. */
    Shape shape();

    /**
     * The inputs of {@code examples}: first the one that takes the patches' place, then any extra
     * ones, which the batch carries after the frame descriptors.
     */
    NDList batch(NDManager manager, List<TrainingExample> examples);
}
