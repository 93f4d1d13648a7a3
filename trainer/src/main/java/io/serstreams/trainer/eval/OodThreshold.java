package io.serstreams.trainer.eval;

import java.util.Arrays;

/**
 * The out-of-domain flag's threshold on a score (higher: further out of domain): a segment is
 * flagged when its score is above it. Chosen on in-domain segments of validation speakers so that at
 * least a share {@code keep} of them stays unflagged.
 */
public final class OodThreshold {
    private OodThreshold() {
    }

    /**
     * The smallest of {@code inDomain}'s scores at or above which a share {@code keep} of them lies:
     * flagging only scores above it flags at most {@code 1 - keep} of them (fewer where scores tie).
     */
    public static double keeping(double[] inDomain, double keep) {
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("the share of in-domain segments to keep must lie in (0, 1], not " + keep);
        }
        if (inDomain.length == 0) {
            throw new IllegalArgumentException("no in-domain segments to choose a threshold on");
        }
        double[] sorted = inDomain.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(keep * sorted.length - 1e-9) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The share of {@code scores} above {@code threshold}: those the flag marks. */
    public static double flaggedShare(double[] scores, double threshold) {
        if (scores.length == 0) {
            return Double.NaN;
        }
        long flagged = Arrays.stream(scores).filter(s -> s > threshold).count();
        return (double) flagged / scores.length;
    }
}
