package io.serstreams.trainer.train;

import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.profile.ProfileDecay;
import io.serstreams.modelserver.profile.ProfileMoments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Standardisation statistics over the training examples: one mean and deviation for all log-mel
 * values (silence padding excluded), one per descriptor column. Computed on training data only
 * and shipped in the bundle, so a segment is never normalised with its own statistics.
 */
public final class NormalizationStats {
    private NormalizationStats() {
    }

    public static Normalization of(List<TrainingExample> examples, int melBands) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples to compute normalisation statistics from");
        }
        // The same sums a served domain profile is made of, undecayed.
        ProfileMoments moments = ProfileMoments.empty(0);
        for (TrainingExample e : examples) {
            moments = moments.plus(SegmentInput.of(e.segment()), null, melBands, 0, ProfileDecay.NONE);
        }
        return moments.inputs();
    }

    /** Each domain's statistics over its own examples ({@link TrainingExample#source()}'s domain); no labels are read. */
    public static Map<String, Normalization> perDomain(List<TrainingExample> examples, int melBands) {
        Map<String, List<TrainingExample>> byDomain = new LinkedHashMap<>();
        for (TrainingExample e : examples) {
            byDomain.computeIfAbsent(e.source().domain(), k -> new ArrayList<>()).add(e);
        }
        Map<String, Normalization> stats = new LinkedHashMap<>();
        byDomain.forEach((domain, own) -> stats.put(domain, of(own, melBands)));
        return stats;
    }
}
