package io.serstreams.trainer.eval;

import io.serstreams.modelserver.bundle.Calibration;

import java.util.List;

/**
 * One utterance as served: its segments' uncalibrated emotion probabilities and its true core class.
 * The utterance's reading is the mean of its segments' probabilities, as {@code ser classify} gives it.
 *
 * @param domain         the corpus it comes from
 * @param segments       each segment's emotion probabilities, in the label order, before any calibration
 * @param segmentDomains each segment's domain as a calibration chooses its temperature: the domain its domain head
 *                       names, or {@link #OUT_OF_DOMAIN} where that reading is out of domain
 * @param label          the index of its core class
 */
public record CalibrationSample(String domain, List<float[]> segments, List<String> segmentDomains, int label) {
    /** A segment's domain when its domain head's reading is out of domain: it takes the temperature for every segment. */
    public static final String OUT_OF_DOMAIN = "";

    public CalibrationSample {
        segments = List.copyOf(segments);
        segmentDomains = List.copyOf(segmentDomains);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("an utterance with no segment has no reading to calibrate");
        }
        if (segmentDomains.size() != segments.size()) {
            throw new IllegalArgumentException("one domain per segment: " + segmentDomains.size() + " for " + segments.size() + " segments");
        }
    }

    /** An utterance whose segments are all out of domain (what a calibration of one temperature sees). */
    public CalibrationSample(String domain, List<float[]> segments, int label) {
        this(domain, segments, java.util.Collections.nCopies(segments.size(), OUT_OF_DOMAIN), label);
    }

    /** The utterance's reading with each segment's probabilities taken to temperature {@code t} first. */
    public float[] reading(double t) {
        return reading(new Calibration(t, "trial"));
    }

    /** The utterance's reading with each segment's probabilities taken to its temperature under {@code calibration} first. */
    public float[] reading(Calibration calibration) {
        float[] sum = new float[segments.get(0).length];
        for (int s = 0; s < segments.size(); s++) {
            float[] p = segments.get(s);
            String d = segmentDomains.get(s);
            double t = calibration.temperatureFor(d, !d.equals(OUT_OF_DOMAIN));
            float[] q = t == 1.0 ? p : Calibration.atTemperature(p, t);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += q[i] / segments.size();
            }
        }
        return sum;
    }
}
