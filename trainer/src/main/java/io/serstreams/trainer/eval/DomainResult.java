package io.serstreams.trainer.eval;

import io.serstreams.modelserver.quality.ConfusionMatrix;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one model scored on one domain's test speakers: the 4-class emotion confusion matrix and the
 * accuracies of the arousal and valence heads (empty where the domain has no known group labels).
 */
public record DomainResult(String domain, ConfusionMatrix emotions,
                           OptionalDouble arousalAccuracy, OptionalDouble valenceAccuracy) {

    /** Validates the fields: a named domain, a matrix, and accuracies (when present) in [0, 1]. */
    public DomainResult {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("domain name must not be blank");
        }
        Objects.requireNonNull(emotions, "emotions");
        checkAccuracy("arousal", Objects.requireNonNull(arousalAccuracy, "arousalAccuracy"));
        checkAccuracy("valence", Objects.requireNonNull(valenceAccuracy, "valenceAccuracy"));
    }

    private static void checkAccuracy(String head, OptionalDouble accuracy) {
        if (accuracy.isPresent() && !(accuracy.getAsDouble() >= 0 && accuracy.getAsDouble() <= 1)) {
            throw new IllegalArgumentException(head + " accuracy must be in [0, 1], not " + accuracy.getAsDouble());
        }
    }
}
