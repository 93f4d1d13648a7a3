package io.serstreams.streamprocessor.app;

import io.micronaut.configuration.kafka.streams.InteractiveQueryService;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.exceptions.HttpStatusException;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.errors.ErrorText;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import io.serstreams.streamprocessor.inference.InferenceTopology;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /v1/domains}: every declared domain's profile state (collecting or active, segments,
 * speech so far and needed, last update), read from the global store over {@code domain.profiles},
 * which every instance running inference holds whole: no other instance needs asking.
 */
@Controller("/v1/domains")
public class DomainsController {
    private static final Logger LOG = LoggerFactory.getLogger(DomainsController.class);
    private final InteractiveQueryService queries;
    private final ConfluentAvroDeserializer<DomainProfileState> reader;

    public DomainsController(InteractiveQueryService queries, SchemaRegistryClient registry) {
        this.queries = queries;
        this.reader = new ConfluentAvroDeserializer<>(registry, DomainProfileState.class);
    }

    /** The domains' profiles, most recently updated first; one this instance cannot read is left out (and logged). */
    @Get
    public List<DomainView> domains() {
        List<DomainView> domains = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store().all()) {
            all.forEachRemaining(kv -> {
                try {
                    domains.add(DomainView.of(reader.deserialize(EventTopic.DOMAIN_PROFILES.topicName(), kv.value)));
                } catch (RuntimeException e) {
                    LOG.warn("domains API: the profile of '{}' cannot be read ({}); it is left out", kv.key, ErrorText.of(e));
                }
            });
        }
        domains.sort(Comparator.comparingLong(DomainView::updatedAt).reversed().thenComparing(DomainView::domain));
        return domains;
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        return queries.getQueryableStore(InferenceTopology.LATEST_PROFILES_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                .orElseThrow(() -> new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                        "no domain profiles here: this instance runs no inference role, profiles are off (ser.profiles.enabled), "
                                + "or its streams are not running yet"));
    }
}
