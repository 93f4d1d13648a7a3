package io.serstreams.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.serstreams.trainer.data.SpeakerGender;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Pre-training target: the speaker's gender ({@link SpeakerGender}, from each corpus's
 * documentation), told from one full 0.96 s patch of a segment at a time.
 */
public final class GenderTarget implements PretrainingTarget {
    /** A training example and its speaker's gender. */
    public record Labelled(TrainingExample example, int gender) {
    }

    private final List<Labelled> examples;
    private final int patchFrames;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();

    /** Over {@code examples} (at least one), whose segments are cut into patches of {@code patchFrames} frames. */
    public GenderTarget(List<Labelled> examples, int patchFrames) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples with a known speaker gender to pre-train on");
        }
        this.examples = List.copyOf(examples);
        this.patchFrames = patchFrames;
    }

    /** The examples whose speaker's gender the corpus documents; the others are left out. */
    public static GenderTarget of(List<TrainingExample> examples, int patchFrames) {
        List<Labelled> labelled = new ArrayList<>();
        for (TrainingExample e : examples) {
            SpeakerGender.of(e.source()).ifPresent(g -> labelled.add(new Labelled(e, g)));
        }
        return new GenderTarget(labelled, patchFrames);
    }

    @Override
    public String task() {
        return "speaker gender";
    }

    @Override
    public int outputs() {
        return 2;
    }

    @Override
    public Pick pick(Random random) {
        Labelled pick = examples.get(random.nextInt(examples.size()));
        // A full patch only: the last one of a segment may be padded with silence.
        int patch = random.nextInt(Math.max(1, pick.example().segment().frames() / patchFrames));
        return new Pick(pick.example(), new int[]{patch}, new float[]{pick.gender()});
    }

    @Override
    public NDArray loss(NDArray predictions, NDArray targets) {
        return loss.evaluate(new NDList(targets.reshape(-1)), new NDList(predictions));
    }
}
