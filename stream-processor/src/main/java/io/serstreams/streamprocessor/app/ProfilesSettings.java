package io.serstreams.streamprocessor.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.serstreams.modelserver.profile.ProfileDecay;
import io.serstreams.streamprocessor.profiles.DomainKey;
import io.serstreams.streamprocessor.profiles.ProfileSettings;

import java.time.Duration;

/** {@code ser.profiles.*}: per-domain profiles learnt from each declared domain's speech (see {@link ProfileSettings}). */
@ConfigurationProperties("ser.profiles")
public class ProfilesSettings {
    private boolean enabled = true;
    /** tenant, language, site, a comma-separated list of them, or all. */
    private String key = "tenant";
    private Duration minSpeech = Duration.ofMinutes(2);
    /** Speech after which older audio counts half; 0 keeps a plain mean of everything. */
    private Duration halfLife = Duration.ofHours(8);
    private Duration publishEvery = Duration.ofSeconds(10);

    /**
     * The settings, checked.
     *
     * @throws IllegalArgumentException in one line naming the bad setting
     */
    public ProfileSettings settings() {
        if (halfLife == null || halfLife.isNegative()) {
            throw new IllegalArgumentException("ser.profiles.half-life must be zero (no decay) or more, not " + halfLife);
        }
        return new ProfileSettings(enabled, DomainKey.parse(key), minSpeech, ProfileDecay.halfLife(halfLife), publishEvery);
    }

    /** One line for the start-up log. */
    String describe() {
        return enabled ? "by " + key + ", active after " + minSpeech + " of speech, half-life " + halfLife : "off";
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public Duration getMinSpeech() {
        return minSpeech;
    }

    public void setMinSpeech(Duration minSpeech) {
        this.minSpeech = minSpeech;
    }

    public Duration getHalfLife() {
        return halfLife;
    }

    public void setHalfLife(Duration halfLife) {
        this.halfLife = halfLife;
    }

    public Duration getPublishEvery() {
        return publishEvery;
    }

    public void setPublishEvery(Duration publishEvery) {
        this.publishEvery = publishEvery;
    }
}
