package io.serstreams.trainer.encoder;

import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.trainer.train.TrainingExample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unsupervised per-domain statistics of the mn04 vectors (labels.md, "Unsupervised domain
 * statistics"): each domain standardised by the statistics of its own segments, never by one
 * segment's or one speaker's. Labels are never read.
 */
public final class DomainStandardisation {
    private DomainStandardisation() {
    }

    /** Each domain's statistics over its examples' segments. */
    public static Map<String, FeatureStatistics> perDomain(EncoderFeatureCache cache, Mn04Features features, List<TrainingExample> examples) {
        return perDomain(examples.stream().map(e -> e.source().domain()).toList(), examples.stream().map(e -> Mn04Input.raw(cache, features, e)).toList());
    }

    /** Each domain's statistics over its vectors: {@code vectors.get(i)} is of domain {@code domains.get(i)}. */
    static Map<String, FeatureStatistics> perDomain(List<String> domains, List<float[]> vectors) {
        Map<String, List<float[]>> byDomain = new LinkedHashMap<>();
        for (int i = 0; i < vectors.size(); i++) {
            byDomain.computeIfAbsent(domains.get(i), d -> new ArrayList<>()).add(vectors.get(i));
        }
        Map<String, FeatureStatistics> stats = new LinkedHashMap<>();
        byDomain.forEach((domain, ofDomain) -> stats.put(domain, FeatureStatistics.of(ofDomain)));
        return stats;
    }

    /** One set of statistics over all the examples' segments, whatever their domain. */
    public static FeatureStatistics pooled(EncoderFeatureCache cache, Mn04Features features, List<TrainingExample> examples) {
        return FeatureStatistics.of(examples.stream().map(e -> Mn04Input.raw(cache, features, e)).toList());
    }
}
