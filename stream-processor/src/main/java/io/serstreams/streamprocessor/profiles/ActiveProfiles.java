package io.serstreams.streamprocessor.profiles;

import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.schema.DomainProfileState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The profiles that standardise segments: each domain's latest published state (read from the global
 * store over {@code domain.profiles}), used only once it is active and fits the model; any other
 * domain gets the training pool's statistics (null). A state is turned into a profile once, until it changes.
 */
public final class ActiveProfiles {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveProfiles.class);

    private final Function<String, DomainProfileState> latest;
    private final ModelManifest model;
    private final Map<String, Cached> cache = new HashMap<>();

    private record Cached(DomainProfileState state, DomainProfile profile) {
    }

    /**
     * @param latest each domain key's latest published state, null for none
     */
    public ActiveProfiles(Function<String, DomainProfileState> latest, ModelManifest model) {
        this.latest = latest;
        this.model = model;
    }

    /** Domain {@code key}'s profile when it is active and fits the model; null (the training pool) otherwise, or for a null key. */
    public DomainProfile of(String key) {
        if (key == null) {
            return null;
        }
        DomainProfileState state = latest.apply(key);
        if (state == null || !DomainProfileStates.ACTIVE.equals(state.getState().toString())) {
            return null;
        }
        Cached cached = cache.get(key);
        if (cached == null || !cached.state().equals(state)) {
            cached = new Cached(state, fitting(DomainProfileStates.profileOf(state)));
            cache.put(key, cached);
        }
        return cached.profile();
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
