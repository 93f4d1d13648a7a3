package io.serstreams.modelserver.engine;

final class Argmax {
    private Argmax() {
    }

    static int of(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
