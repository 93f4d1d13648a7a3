package io.serstreams.streamprocessor.app;

import io.micronaut.configuration.kafka.streams.InteractiveQueryService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.serstreams.streamprocessor.inference.InferenceTopology;
import io.serstreams.streamprocessor.summary.ChannelHistory;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Interactive queries over the summariser's store: the calls this instance holds, live and
 * recently ended. {@code GET /v1/calls[?active=true]}, {@code GET /v1/calls/{callId}}.
 */
@Controller("/v1/calls")
public class CallsController {
    private final InteractiveQueryService queries;

    public CallsController(InteractiveQueryService queries) {
        this.queries = queries;
    }

    @Get
    public List<CallView> calls(@QueryValue(defaultValue = "false") boolean active) {
        List<CallView> calls = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store().all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> kv = all.next();
                CallView view = CallView.of(ChannelHistory.fromJson(kv.value));
                if (!active || !view.ended()) {
                    calls.add(view);
                }
            }
        }
        calls.sort(Comparator.comparingLong(CallView::updatedAt).reversed().thenComparing(CallView::callId).thenComparingInt(CallView::channel));
        return calls;
    }

    @Get("/{callId}")
    public HttpResponse<List<CallView>> call(String callId) {
        List<CallView> channels = new ArrayList<>();
        ReadOnlyKeyValueStore<String, byte[]> store = store();
        // Channel keys are "<call>#<index>": a prefix scan finds them all.
        try (KeyValueIterator<String, byte[]> range = store.prefixScan(callId + "#", new org.apache.kafka.common.serialization.StringSerializer())) {
            while (range.hasNext()) {
                channels.add(CallView.of(ChannelHistory.fromJson(range.next().value)));
            }
        }
        return channels.isEmpty() ? HttpResponse.notFound() : HttpResponse.ok(channels);
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        return queries.getQueryableStore(InferenceTopology.SUMMARY_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                .orElseThrow(() -> new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                        "no call summaries here: this instance runs no inference role, or its streams are not running yet"));
    }
}
