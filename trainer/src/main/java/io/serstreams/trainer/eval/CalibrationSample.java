package io.serstreams.trainer.eval;

import io.serstreams.modelserver.bundle.Calibration;

import java.util.List;

/**
 * One utterance as served: its segments' emotion probabilities and its true core class. The
 * utterance's reading is the mean of its segments' probabilities, as {@code ser classify} gives it.
 *
 * @param domain   the corpus it comes from
 * @param segments each segment's emotion probabilities, in the label order
 * @param label    the index of its core class
 */
public record CalibrationSample(String domain, List<float[]> segments, int label) {
    public CalibrationSample {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("an utterance with no segment has no reading to calibrate");
        }
    }

    /** The utterance's reading with each segment's probabilities taken to temperature {@code t} first. */
    public float[] reading(double t) {
        float[] sum = new float[segments.get(0).length];
        for (float[] p : segments) {
            float[] q = t == 1.0 ? p : Calibration.atTemperature(p, t);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += q[i] / segments.size();
            }
        }
        return sum;
    }
}
