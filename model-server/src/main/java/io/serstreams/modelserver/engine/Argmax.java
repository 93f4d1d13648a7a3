package io.serstreams.modelserver.engine;

/** The index of the largest value: the predicted class of a probability vector (the first of equal ones). */
public final class Argmax {
    private Argmax() {
    }

    /** The index of the largest of {@code values}, the first on a tie. */
    public static int of(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
