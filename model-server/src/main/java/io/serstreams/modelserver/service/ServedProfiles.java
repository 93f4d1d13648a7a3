package io.serstreams.modelserver.service;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.modelserver.profile.DomainProfileFile;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The domain profiles the service was started with ({@code ser.model.domain-profiles}), by their domain name. Loaded and
 * checked against the model at start-up (eager), so a missing, unreadable or unfitting profile stops the service in one line.
 */
@Context
@Requires(property = "ser.model.enabled", notEquals = "false")
public class ServedProfiles {
    private final Map<String, DomainProfile> byDomain = new LinkedHashMap<>();

    public ServedProfiles(ModelSettings settings, InferenceEngine engine) {
        for (String file : settings.getDomainProfiles()) {
            DomainProfile profile = DomainProfileFile.read(Path.of(file));
            profile.checkFits(engine.manifest());
            DomainProfile earlier = byDomain.put(profile.domain(), profile);
            if (earlier != null) {
                throw new IllegalArgumentException("ser.model.domain-profiles: two profiles of the domain '" + profile.domain() + "' (the second " + file + ")");
            }
        }
    }

    public Optional<DomainProfile> of(String domain) {
        return Optional.ofNullable(byDomain.get(domain));
    }

    public Collection<DomainProfile> all() {
        return byDomain.values();
    }
}
