package io.serstreams.streamprocessor.profiles;

import io.serstreams.modelserver.profile.ProfileDecay;

import java.time.Duration;

/**
 * How the stream learns each declared domain's profile ({@code ser.profiles.*}).
 *
 * @param enabled      learn and apply profiles at all; off: every segment is standardised by the training pool
 * @param key          which declared-domain fields form a profile's key
 * @param minSpeech    speech a profile needs before it standardises its domain's segments
 * @param decay        how fast older audio fades, so a profile follows a drifting domain
 * @param publishEvery how often at most a changed profile is published to {@code domain.profiles}
 *                     (at once when it becomes active)
 */
public record ProfileSettings(boolean enabled, DomainKey key, Duration minSpeech, ProfileDecay decay, Duration publishEvery) {
    /** Profiles off. */
    public static final ProfileSettings OFF = new ProfileSettings(false, DomainKey.parse("tenant"), Duration.ofMinutes(2),
            ProfileDecay.halfLife(Duration.ofHours(8)), Duration.ofSeconds(10));

    public ProfileSettings {
        if (key == null || decay == null) {
            throw new IllegalArgumentException("profile settings need a key and a decay");
        }
        if (minSpeech == null || minSpeech.isNegative()) {
            throw new IllegalArgumentException("ser.profiles.min-speech must be zero or more, not " + minSpeech);
        }
        if (publishEvery == null || publishEvery.isNegative() || publishEvery.isZero()) {
            throw new IllegalArgumentException("ser.profiles.publish-every must be positive, not " + publishEvery);
        }
    }

    /** Profiles on with these settings. */
    public static ProfileSettings on(DomainKey key, Duration minSpeech, ProfileDecay decay, Duration publishEvery) {
        return new ProfileSettings(true, key, minSpeech, decay, publishEvery);
    }

    public double minSpeechSeconds() {
        return minSpeech.toMillis() / 1000.0;
    }
}
