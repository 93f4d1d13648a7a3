package io.serstreams.modelserver.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.TreeMap;

/**
 * Temperature scaling of the emotion head: each segment's probabilities p become p^(1/T),
 * renormalised, which is softmax(logits / T) without needing the logits. T above 1 softens an
 * overconfident model. Fitted on a validation split of the train speakers, never on test speakers.
 *
 * <p>One temperature can leave a corpus the model reads well under-confident and one it reads
 * badly over-confident, so a bundle may also hold a temperature per training domain. A segment
 * takes the temperature of the domain its domain head names, when that reading is in domain;
 * any other segment (out of domain, or a domain without its own) takes {@code temperature}. The
 * domain head, not a declared domain, chooses: a tenant's declared name says nothing about which
 * training corpus its audio resembles.
 *
 * @param temperature T, positive: for every segment without a temperature of its domain
 * @param fittedOn    what T was fitted on, for the card and {@code /v1/model}
 * @param domains     temperature per training domain (domain head label), possibly empty
 */
public record Calibration(double temperature, String fittedOn, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> domains) {
    /** No calibration: probabilities as the graph gives them. */
    public static final Calibration NONE = new Calibration(1.0, "none");

    // Keeps a class of probability 0 finite under the power.
    private static final double FLOOR = 1e-12;

    @JsonCreator
    public Calibration(@JsonProperty("temperature") double temperature, @JsonProperty("fittedOn") String fittedOn,
                       @JsonProperty("domains") Map<String, Double> domains) {
        check(temperature, "calibration temperature");
        Map<String, Double> sorted = new TreeMap<>(domains == null ? Map.of() : domains);
        sorted.forEach((domain, t) -> check(t == null ? Double.NaN : t, "calibration temperature of domain '" + domain + "'"));
        this.temperature = temperature;
        this.fittedOn = fittedOn;
        this.domains = Map.copyOf(sorted);
    }

    /** One temperature for every segment. */
    public Calibration(double temperature, String fittedOn) {
        this(temperature, fittedOn, Map.of());
    }

    private static void check(double t, String what) {
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new BundleException(what + " must be a positive number, got " + t);
        }
    }

    /** The temperature of a segment whose domain head names {@code domain}, {@code inDomain} or not. */
    public double temperatureFor(String domain, boolean inDomain) {
        Double own = inDomain && domain != null ? domains.get(domain) : null;
        return own == null ? temperature : own;
    }

    /** {@code probabilities} (summing to 1) at the temperature for every segment, as a new array. */
    public float[] apply(float[] probabilities) {
        return apply(probabilities, null, false);
    }

    /** {@code probabilities} (summing to 1) of a segment whose domain head names {@code domain}, at its temperature, as a new array. */
    public float[] apply(float[] probabilities, String domain, boolean inDomain) {
        double t = temperatureFor(domain, inDomain);
        if (t == 1.0) {
            return probabilities.clone();
        }
        return atTemperature(probabilities, t);
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
