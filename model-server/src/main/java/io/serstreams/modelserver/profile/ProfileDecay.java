package io.serstreams.modelserver.profile;

import java.time.Duration;

/**
 * How fast a domain profile forgets: each new segment scales what came before by
 * {@code 0.5^(segment seconds / half-life)}, so the statistics follow a domain that drifts
 * (a new campaign, another site's lines). {@link #NONE} keeps a plain mean of everything.
 *
 * @param halfLifeSeconds speech seconds after which older audio counts half; infinite for none
 */
public record ProfileDecay(double halfLifeSeconds) {
    public static final ProfileDecay NONE = new ProfileDecay(Double.POSITIVE_INFINITY);

    public ProfileDecay {
        if (!(halfLifeSeconds > 0)) {
            throw new IllegalArgumentException("a profile's half-life must be positive, got " + halfLifeSeconds + " s");
        }
    }

    /** Decay with a half-life of {@code halfLife} of speech; {@link Duration#ZERO} for none. */
    public static ProfileDecay halfLife(Duration halfLife) {
        return halfLife.isZero() ? NONE : new ProfileDecay(halfLife.toMillis() / 1000.0);
    }

    /** The weight what came before keeps when {@code seconds} of speech are added. */
    public double retainAfter(double seconds) {
        return Double.isInfinite(halfLifeSeconds) ? 1.0 : Math.pow(0.5, seconds / halfLifeSeconds);
    }
}
