package io.serstreams.trainer.eval;

import java.util.OptionalDouble;

/** Accuracy of a group head (arousal or valence) over the samples whose true group is known. */
public final class GroupAccuracy {
    /** Index that marks a sample whose true group is unknown, as in the masked losses of labels.md. */
    public static final int UNKNOWN = -1;

    private GroupAccuracy() {
    }

    /**
     * Fraction of known samples whose predicted group equals the true one; empty when no sample's
     * group is known (BAVED has no valence, for instance).
     *
     * @throws IllegalArgumentException if the arrays differ in length or an index is outside
     *     {@code [0, groups)} (true indices may also be {@link #UNKNOWN})
     */
    public static OptionalDouble of(int[] truth, int[] predictions, int groups) {
        if (truth.length != predictions.length) {
            throw new IllegalArgumentException("true and predicted groups differ in length: "
                    + truth.length + " true, " + predictions.length + " predicted");
        }
        int known = 0;
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != UNKNOWN && (truth[i] < 0 || truth[i] >= groups)) {
                throw new IllegalArgumentException("true group " + truth[i] + " of sample " + i
                        + " is out of range [0, " + groups + ") and not UNKNOWN");
            }
            if (predictions[i] < 0 || predictions[i] >= groups) {
                throw new IllegalArgumentException("predicted group " + predictions[i] + " of sample " + i
                        + " is out of range [0, " + groups + ")");
            }
            if (truth[i] != UNKNOWN) {
                known++;
                correct += truth[i] == predictions[i] ? 1 : 0;
            }
        }
        return known == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) correct / known);
    }
}
