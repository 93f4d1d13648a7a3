package io.serstreams.featureextractor.topology;

import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrontEnd;

import java.time.Duration;

/**
 * Rules of the feature topology.
 *
 * @param features         how features are computed
 * @param reorderChunks    out-of-order chunks held per channel before a missing one is given up as lost
 * @param reorderWait      how long a missing chunk is waited for before it is given up as lost
 * @param maxConcealed     gaps up to this long are filled with silence (and flagged); longer ones start a new segment run
 * @param maxChunkDuration longest audio a single chunk may carry
 * @param maxChunkBytes    largest payload a single chunk may carry
 * @param idleTimeout      a channel with no chunk for this long is treated as ended (for calls that never send end-of-call)
 * @param sweepInterval    how often (wall clock) idle channels and overdue gaps are looked for
 * @param closedRetention  how long an ended channel is remembered, so late chunks for it are dead-lettered rather than starting a new call
 * @param frontEnd         the log-mel the running model's extractor takes: {@code VGGISH_LOGMEL} (the patches every segment
 *                         carries) or {@code EFFICIENTAT_LOGMEL}, which adds the encoder front end's log-mel of each segment
 */
public record FeatureTopologyConfig(
        FeatureConfig features,
        int reorderChunks,
        Duration reorderWait,
        Duration maxConcealed,
        Duration maxChunkDuration,
        int maxChunkBytes,
        Duration idleTimeout,
        Duration sweepInterval,
        Duration closedRetention,
        FrontEnd frontEnd) {

    public static final FeatureTopologyConfig DEFAULT = new FeatureTopologyConfig(FeatureConfig.DEFAULT, 50, Duration.ofSeconds(2),
            Duration.ofMillis(500), Duration.ofSeconds(5), 1 << 20, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(10), FrontEnd.VGGISH_LOGMEL);

    public FeatureTopologyConfig {
        if (reorderChunks < 1) {
            throw new IllegalArgumentException("reorderChunks must be at least 1");
        }
        for (Duration d : new Duration[]{reorderWait, maxConcealed, maxChunkDuration, idleTimeout, sweepInterval, closedRetention}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations of the feature topology must not be negative: " + d);
            }
        }
        java.util.Objects.requireNonNull(frontEnd, "frontEnd");
        if (maxChunkBytes < 1) {
            throw new IllegalArgumentException("maxChunkBytes must be positive");
        }
    }


    public FeatureTopologyConfig withFeatures(FeatureConfig config) {
        return new FeatureTopologyConfig(config, reorderChunks, reorderWait, maxConcealed, maxChunkDuration, maxChunkBytes, idleTimeout,
                sweepInterval, closedRetention, frontEnd);
    }

    /** This configuration computing the features for a model whose extractor takes {@code needed}. */
    public FeatureTopologyConfig withFrontEnd(FrontEnd needed) {
        return new FeatureTopologyConfig(features, reorderChunks, reorderWait, maxConcealed, maxChunkDuration, maxChunkBytes, idleTimeout,
                sweepInterval, closedRetention, needed);
    }
}
