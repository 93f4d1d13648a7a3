package io.serstreams.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fits the temperature that minimises the negative log-likelihood of the true classes (Guo et al.,
 * 2017, "On calibration of modern neural networks"): one parameter, so a few hundred validation
 * utterances suffice, and the ranking of the classes (hence accuracy) is unchanged.
 */
public final class TemperatureFit {
    /** The search range of T: far beyond what a trained model needs. */
    static final double LOWEST = 0.05;
    static final double HIGHEST = 20;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    private TemperatureFit() {
    }

    /** The temperature in [0.05, 20] of least mean negative log-likelihood over {@code samples}. */
    public static double fit(List<CalibrationSample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no utterances to fit a temperature on");
        }
        // Golden-section search over log T: the likelihood is unimodal in T for a fixed set of readings in practice.
        double a = Math.log(LOWEST);
        double b = Math.log(HIGHEST);
        double c = b - GOLDEN * (b - a);
        double d = a + GOLDEN * (b - a);
        double fc = nll(samples, Math.exp(c));
        double fd = nll(samples, Math.exp(d));
        while (b - a > 1e-4) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - GOLDEN * (b - a);
                fc = nll(samples, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + GOLDEN * (b - a);
                fd = nll(samples, Math.exp(d));
            }
        }
        return Math.exp((a + b) / 2);
    }

    /**
     * A temperature for each domain the segments' domain heads name (in domain), each fitted on those segments
     * alone. A domain with fewer than {@code minimum} of them gets none: it takes the temperature for every segment.
     *
     * @param segments readings of one segment each, as {@code ser calibrate --per-segment} makes them
     */
    public static Map<String, Double> perDomain(List<CalibrationSample> segments, int minimum) {
        Map<String, Double> out = new TreeMap<>();
        byNamedDomain(segments).forEach((domain, own) -> {
            if (!domain.equals(CalibrationSample.OUT_OF_DOMAIN) && own.size() >= minimum) {
                out.put(domain, fit(own));
            }
        });
        return out;
    }

    /** Single-segment readings grouped by the domain their domain head names ({@link CalibrationSample#OUT_OF_DOMAIN} included), sorted. */
    public static Map<String, List<CalibrationSample>> byNamedDomain(List<CalibrationSample> segments) {
        Map<String, List<CalibrationSample>> byDomain = new TreeMap<>();
        for (CalibrationSample s : segments) {
            if (s.segments().size() != 1) {
                throw new IllegalArgumentException("a temperature per domain is fitted on single segments, not on utterances of " + s.segments().size());
            }
            byDomain.computeIfAbsent(s.segmentDomains().get(0), d -> new ArrayList<>()).add(s);
        }
        return byDomain;
    }

    /** Mean negative log-likelihood of the true classes at temperature {@code t}. */
    public static double nll(List<CalibrationSample> samples, double t) {
        double sum = 0;
        for (CalibrationSample s : samples) {
            sum -= Math.log(Math.max(s.reading(t)[s.label()], 1e-12));
        }
        return sum / samples.size();
    }
}
