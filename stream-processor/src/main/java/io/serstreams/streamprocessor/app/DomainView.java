package io.serstreams.streamprocessor.app;

import io.serstreams.schema.DomainProfileState;

/**
 * One declared domain's profile as the domains API shows it: its state, how much speech it has and
 * needs, and when it last took in a segment (its statistics are on {@code domain.profiles}).
 *
 * @param domain           the domain key, for example {@code tenant=acme}
 * @param state            collecting (the training pool still standardises its segments) or active
 * @param halfLifeSeconds  speech after which older audio counts half; null when it never fades
 * @param updatedAt        when the profile last took in a segment, in epoch milliseconds
 */
public record DomainView(String domain, String state, long segments, double speechSeconds, double minSpeechSeconds, Double halfLifeSeconds,
                         String modelVersion, long updatedAt) {

    static DomainView of(DomainProfileState s) {
        return new DomainView(s.getDomain().toString(), s.getState().toString(), s.getSegments(), s.getSpeechSeconds(), s.getMinSpeechSeconds(),
                s.getHalfLifeSeconds(), s.getModelVersion().toString(), s.getUpdateTime().toEpochMilli());
    }
}
