package io.serstreams.trainer.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One evaluation run: a protocol of labels.md, a model variant trained with one seed, and its
 * result on every evaluated domain.
 */
public record ProtocolResult(String protocol, String variant, long seed, List<DomainResult> domains) {
    /** Protocol name of training on all domains and testing on each. */
    public static final String ADAPTATION = "multi-domain adaptation";
    /** Protocol name of testing each domain with a model that never saw it. */
    public static final String GENERALIZATION = "domain generalization";
    /** What a protocol's name gains where each evaluated domain is standardised by its own profile (of its unlabelled audio). */
    public static final String OWN_PROFILE = ", own-domain profile";

    /** Validates the fields and copies the domain list: at least one domain, no domain twice. */
    public ProtocolResult {
        if (protocol == null || protocol.isBlank()) {
            throw new IllegalArgumentException("protocol name must not be blank");
        }
        if (variant == null || variant.isBlank()) {
            throw new IllegalArgumentException("variant name must not be blank");
        }
        if (domains == null || domains.isEmpty()) {
            throw new IllegalArgumentException("no domain results for " + variant + " under " + protocol);
        }
        domains = List.copyOf(domains);
        Set<String> seen = new HashSet<>();
        for (DomainResult d : domains) {
            if (!seen.add(d.domain())) {
                throw new IllegalArgumentException("domain " + d.domain() + " appears twice for " + variant
                        + " under " + protocol);
            }
        }
    }

    /** Unweighted mean of the domains' macro-F1, so a large corpus does not outweigh a small one. */
    public double meanMacroF1() {
        return domains.stream().mapToDouble(d -> d.emotions().macroF1()).average().orElseThrow();
    }

    /** Unweighted mean of the domains' unweighted accuracy. */
    public double meanUnweightedAccuracy() {
        return domains.stream().mapToDouble(d -> d.emotions().unweightedAccuracy()).average().orElseThrow();
    }
}
