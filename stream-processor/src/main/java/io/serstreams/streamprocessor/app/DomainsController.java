package io.serstreams.streamprocessor.app;

import io.micronaut.configuration.kafka.streams.InteractiveQueryService;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.exceptions.HttpStatusException;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.streamprocessor.inference.InferenceTopology;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

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
    private final InteractiveQueryService queries;

    public DomainsController(InteractiveQueryService queries) {
        this.queries = queries;
    }

    /** The domains' profiles, most recently updated first. */
    @Get
    public List<DomainView> domains() {
        List<DomainView> domains = new ArrayList<>();
        try (KeyValueIterator<String, DomainProfileState> all = store().all()) {
            all.forEachRemaining(kv -> domains.add(DomainView.of(kv.value)));
        }
        domains.sort(Comparator.comparingLong(DomainView::updatedAt).reversed().thenComparing(DomainView::domain));
        return domains;
    }

    private ReadOnlyKeyValueStore<String, DomainProfileState> store() {
        return queries.getQueryableStore(InferenceTopology.LATEST_PROFILES_STORE, QueryableStoreTypes.<String, DomainProfileState>keyValueStore())
                .orElseThrow(() -> new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                        "no domain profiles here: this instance runs no inference role, profiles are off (ser.profiles.enabled), "
                                + "or its streams are not running yet"));
    }
}
