package io.serstreams.trainer.train;

import ai.djl.ndarray.NDArray;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Pre-training target: a frozen teacher's standardised vector of the whole segment (mn04's pooled
 * embedding, each corpus standardised by its own statistics), reproduced from the mean of the
 * student's embeddings over all the segment's patches, as the served model averages them. The
 * loss is the mean squared error over the teacher's dimensions.
 */
public final class DistillationTarget implements PretrainingTarget {
    private final List<TrainingExample> examples;
    private final int size;
    private final Function<TrainingExample, float[]> teacher;
    private final String task;

    /**
     * @param examples the training domains' train-speaker examples (at least one); labels are not read
     * @param size     the length of the teacher's vectors
     * @param teacher  the teacher's standardised vector of each example
     * @param task     what is distilled, for progress lines, e.g. {@code mn04 embedding distillation}
     */
    public DistillationTarget(List<TrainingExample> examples, int size, Function<TrainingExample, float[]> teacher, String task) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to distil the teacher's embeddings on");
        }
        this.examples = List.copyOf(examples);
        this.size = size;
        this.teacher = teacher;
        this.task = task;
    }

    @Override
    public String task() {
        return task;
    }

    @Override
    public int outputs() {
        return size;
    }

    @Override
    public Pick pick(Random random) {
        TrainingExample example = examples.get(random.nextInt(examples.size()));
        int[] patches = new int[example.segment().patches()];
        for (int p = 0; p < patches.length; p++) {
            patches[p] = p;
        }
        return new Pick(example, patches, teacher.apply(example));
    }

    @Override
    public NDArray loss(NDArray predictions, NDArray targets) {
        return predictions.sub(targets).square().mean();
    }
}
