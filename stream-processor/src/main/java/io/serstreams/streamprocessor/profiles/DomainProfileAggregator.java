package io.serstreams.streamprocessor.profiles;

import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.profile.ProfileMoments;
import io.serstreams.schema.DomainProfileState;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Adds each speech segment's sums (keyed by its domain) to that domain's profile in a changelogged
 * store, with the configured decay, and publishes the profile's state: at most every
 * {@code publish-every} (a wall-clock punctuation), and at once when it first has enough speech to be
 * active. Whether a domain's latest sums are published is kept in the store with them, so a restart
 * publishes what a crash left unpublished; under exactly-once the sums, that mark and the published
 * record commit together, so a segment is counted once.
 */
public final class DomainProfileAggregator implements Processor<String, ProfileMoments, String, DomainProfileState> {
    private static final Logger LOG = LoggerFactory.getLogger(DomainProfileAggregator.class);

    private final String storeName;
    private final ProfileSettings settings;
    private final ModelManifest model;
    private ProcessorContext<String, DomainProfileState> context;
    private KeyValueStore<String, byte[]> store;
    private Cancellable punctuator;
    /** Domains whose latest sums are not yet published, in the order they changed. */
    private final Set<String> unpublished = new LinkedHashSet<>();

    /**
     * @param storeName the key-value store (domain key to the profile's sums) the topology gives it
     */
    public DomainProfileAggregator(String storeName, ProfileSettings settings, ModelManifest model) {
        this.storeName = storeName;
        this.settings = settings;
        this.model = model;
    }

    @Override
    public void init(ProcessorContext<String, DomainProfileState> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (!StoredProfile.fromBytes(entry.value).published()) {
                    unpublished.add(entry.key);
                }
            }
        }
        punctuator = context.schedule(settings.publishEvery(), PunctuationType.WALL_CLOCK_TIME, now -> publishChanged());
    }

    @Override
    public void process(Record<String, ProfileMoments> record) {
        String domain = record.key();
        if (domain == null || record.value() == null) {
            return;
        }
        byte[] bytes = store.get(domain);
        StoredProfile before = bytes == null ? null : StoredProfile.fromBytes(bytes);
        ProfileMoments moments;
        if (before == null || !before.fits(model)) {
            if (before != null) {
                LOG.info("domain profile '{}' was made for features {} and encoder '{}'; model {} starts it afresh", domain, before.features(),
                        before.encoder(), model.name() + "-" + model.version());
            }
            moments = record.value();
        } else {
            moments = before.moments().plus(record.value(), settings.decay());
        }
        boolean wasActive = before != null && before.publishedActive() && before.fits(model);
        StoredProfile after = new StoredProfile(model.features().version(), StoredProfile.encoderOf(model), moments, record.timestamp(), false, wasActive);
        if (!wasActive && DomainProfileStates.isActive(moments, settings)) {
            LOG.info("domain profile '{}' is active: {} speech segments, {} s of speech", domain, moments.segments(), Math.round(moments.speechSeconds()));
            publish(domain, after);
        } else {
            store.put(domain, after.toBytes());
            unpublished.add(domain);
        }
    }

    private void publishChanged() {
        for (String domain : java.util.List.copyOf(unpublished)) {
            byte[] bytes = store.get(domain);
            if (bytes != null) {
                publish(domain, StoredProfile.fromBytes(bytes));
            }
        }
        unpublished.clear();
    }

    private void publish(String domain, StoredProfile profile) {
        DomainProfileState state = DomainProfileStates.of(domain, profile.moments(), model, settings, profile.updatedAt());
        boolean active = DomainProfileStates.ACTIVE.equals(state.getState());
        store.put(domain, new StoredProfile(profile.features(), profile.encoder(), profile.moments(), profile.updatedAt(), true, active).toBytes());
        unpublished.remove(domain);
        context.forward(new Record<>(domain, state, profile.updatedAt()));
    }

    @Override
    public void close() {
        if (punctuator != null) {
            punctuator.cancel();
        }
    }
}
