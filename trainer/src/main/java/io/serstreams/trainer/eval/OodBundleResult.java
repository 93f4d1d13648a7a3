package io.serstreams.trainer.eval;

import java.util.List;
import java.util.Map;

/**
 * The out-of-domain figures of one bundle.
 *
 * @param model              the bundle's folder as given
 * @param version            its manifest's version
 * @param trainDomains       the domains its domain head knows (its training domains)
 * @param heldOut            the discrete corpora it did not train on
 * @param poolSegments       training segments the embedding pool was taken from
 * @param validationSegments in-domain validation segments the thresholds were chosen on
 * @param keep               the share of them each threshold keeps in domain
 * @param thresholds         the chosen threshold of each score (a segment above it is flagged)
 * @param servedThreshold    the manifest's {@code outOfDomainThreshold} when measured
 * @param separations        held-out corpora and non-speech kinds against in-domain test speech
 */
public record OodBundleResult(String model, String version, List<String> trainDomains, List<String> heldOut, int poolSegments,
                              int validationSegments, double keep, Map<OodScore, Double> thresholds, double servedThreshold,
                              List<OodSeparation> separations) {
    /** The threshold on the domain head's largest probability that flags exactly what {@link OodScore#MAX_PROBABILITY}'s does. */
    public double maxProbabilityThreshold() {
        return 1.0 - thresholds.get(OodScore.MAX_PROBABILITY);
    }
}
