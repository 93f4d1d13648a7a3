package io.serstreams.streamprocessor.profiles;

import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.errors.ErrorText;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The profiles that standardise segments: each domain's latest published state (the record as read
 * into the global store over {@code domain.profiles}), used only once it is active and fits the model;
 * any other domain gets the training pool's statistics (null). A record is decoded and turned into a
 * profile once, until it changes; one this instance cannot read (a schema its registry does not
 * know, a corrupt record) is said once in the log and leaves the domain on the training pool, so a
 * bad record on the topic never stops the stream.
 */
public final class ActiveProfiles {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveProfiles.class);
    private static final String TOPIC = EventTopic.DOMAIN_PROFILES.topicName();

    private final Function<String, byte[]> latest;
    private final Deserializer<DomainProfileState> reader;
    private final ModelManifest model;
    private final Map<String, Cached> cache = new HashMap<>();

    private record Cached(byte[] record, DomainProfile profile) {
    }

    /**
     * @param latest each domain key's latest record on {@code domain.profiles}, null for none
     * @param reader decodes a record (Confluent wire format)
     */
    public ActiveProfiles(Function<String, byte[]> latest, Deserializer<DomainProfileState> reader, ModelManifest model) {
        this.latest = latest;
        this.reader = reader;
        this.model = model;
    }

    /** Domain {@code key}'s profile when it is active and fits the model; null (the training pool) otherwise, or for a null key. */
    public DomainProfile of(String key) {
        if (key == null) {
            return null;
        }
        byte[] record = latest.apply(key);
        if (record == null) {
            return null;
        }
        Cached cached = cache.get(key);
        if (cached == null || !Arrays.equals(cached.record(), record)) {
            cached = new Cached(record, usable(key, record));
            cache.put(key, cached);
        }
        return cached.profile();
    }

    private DomainProfile usable(String key, byte[] record) {
        DomainProfileState state;
        try {
            state = reader.deserialize(TOPIC, record);
        } catch (RuntimeException e) {
            LOG.warn("domain profile '{}' on {} cannot be read ({}): its segments use the training pool's statistics", key, TOPIC, ErrorText.of(e));
            return null;
        }
        return state == null || !DomainProfileStates.ACTIVE.equals(state.getState().toString()) ? null : fitting(DomainProfileStates.profileOf(state));
    }

    private DomainProfile fitting(DomainProfile profile) {
        try {
            profile.checkFits(model);
            return profile;
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: not used, the training pool's statistics are ({})", profile.describe(), e.getMessage());
            return null;
        }
    }
}
