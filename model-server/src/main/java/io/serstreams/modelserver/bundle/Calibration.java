package io.serstreams.modelserver.bundle;

/**
 * Temperature scaling of the emotion head: each segment's probabilities p become p^(1/T),
 * renormalised, which is softmax(logits / T) without needing the logits. T above 1 softens an
 * overconfident model. Fitted on a validation split of the train speakers, never on test speakers.
 *
 * @param temperature T, positive
 * @param fittedOn    what T was fitted on, for the card and {@code /v1/model}
 */
public record Calibration(double temperature, String fittedOn) {
    /** No calibration: probabilities as the graph gives them. */
    public static final Calibration NONE = new Calibration(1.0, "none");

    // Keeps a class of probability 0 finite under the power.
    private static final double FLOOR = 1e-12;

    public Calibration {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new BundleException("calibration temperature must be a positive number, got " + temperature);
        }
    }

    /** {@code probabilities} (summing to 1) at this temperature, as a new array. */
    public float[] apply(float[] probabilities) {
        if (temperature == 1.0) {
            return probabilities.clone();
        }
        return atTemperature(probabilities, temperature);
    }

    /** {@code probabilities} raised to 1/{@code t} and renormalised. */
    public static float[] atTemperature(float[] probabilities, double t) {
        double[] powered = new double[probabilities.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < powered.length; i++) {
            powered[i] = Math.log(Math.max(probabilities[i], FLOOR)) / t;
            max = Math.max(max, powered[i]);
        }
        double sum = 0;
        for (int i = 0; i < powered.length; i++) {
            powered[i] = Math.exp(powered[i] - max);
            sum += powered[i];
        }
        float[] out = new float[powered.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (powered[i] / sum);
        }
        return out;
    }
}
