package io.serstreams.streamprocessor.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.configuration.kafka.streams.InteractiveQueryService;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.serstreams.streamprocessor.inference.InferenceTopology;
import io.serstreams.streamprocessor.summary.ChannelHistory;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Interactive queries over the summariser's store: calls live and recently ended, across every
 * instance of the application. {@code GET /v1/calls[?active=true]} merges this instance's store with
 * the other instances' ({@code ?scope=local} on each, found through Kafka Streams' metadata and
 * their {@code application.server}); {@code GET /v1/calls/{callId}} asks the instance that holds
 * the call.
 */
@Controller("/v1/calls")
public class CallsController {
    private static final Logger LOG = LoggerFactory.getLogger(CallsController.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InteractiveQueryService queries;
    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public CallsController(InteractiveQueryService queries, KafkaStreams streams,
                           @Nullable @Value("${kafka.streams.default.application.server:}") String applicationServer) {
        this.queries = queries;
        this.streams = streams;
        this.self = applicationServer == null || applicationServer.isBlank() ? null : HostInfo.buildFromEndpoint(applicationServer);
    }

    @Get
    public List<CallView> calls(@QueryValue(defaultValue = "false") boolean active, @QueryValue(defaultValue = "all") String scope,
                                HttpRequest<?> request) {
        List<CallView> calls = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store().all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> kv = all.next();
                calls.add(CallView.of(ChannelHistory.fromJson(kv.value)));
            }
        }
        if (!"local".equals(scope) && self != null) {
            for (StreamsMetadata instance : streams.streamsMetadataForStore(InferenceTopology.SUMMARY_STORE)) {
                if (!instance.hostInfo().equals(self)) {
                    calls.addAll(remote(instance.hostInfo(), "/v1/calls?scope=local", request));
                }
            }
        }
        calls.removeIf(c -> active && c.ended());
        calls.sort(Comparator.comparingLong(CallView::updatedAt).reversed().thenComparing(CallView::callId).thenComparingInt(CallView::channel));
        return calls;
    }

    @Get("/{callId}")
    public HttpResponse<List<CallView>> call(String callId, @QueryValue(defaultValue = "all") String scope, HttpRequest<?> request) {
        if (!"local".equals(scope) && self != null) {
            KeyQueryMetadata holder = streams.queryMetadataForKey(InferenceTopology.SUMMARY_STORE, callId, new StringSerializer());
            if (holder != null && holder.activeHost() != null && !holder.activeHost().equals(self) && holder.activeHost().port() > 0) {
                List<CallView> remote = remote(holder.activeHost(), "/v1/calls/" + callId + "?scope=local", request);
                return remote.isEmpty() ? HttpResponse.notFound() : HttpResponse.ok(remote);
            }
        }
        List<CallView> channels = new ArrayList<>();
        // Channel keys are "<call>#<index>": a prefix scan finds them all.
        try (KeyValueIterator<String, byte[]> range = store().prefixScan(callId + "#", new StringSerializer())) {
            while (range.hasNext()) {
                channels.add(CallView.of(ChannelHistory.fromJson(range.next().value)));
            }
        }
        return channels.isEmpty() ? HttpResponse.notFound() : HttpResponse.ok(channels);
    }

    /** Another instance's answer, with the caller's credentials; an instance that does not answer is left out (and logged). */
    private List<CallView> remote(HostInfo host, String path, HttpRequest<?> request) {
        try {
            java.net.http.HttpRequest.Builder forward = java.net.http.HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
                    .timeout(Duration.ofSeconds(3));
            request.getHeaders().getAuthorization().ifPresent(a -> forward.header("Authorization", a));
            request.getHeaders().findFirst("Cookie").ifPresent(c -> forward.header("Cookie", c));
            var response = http.send(forward.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return List.of();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            return JSON.readValue(response.body(), new TypeReference<List<CallView>>() {
            });
        } catch (Exception e) {
            LOG.warn("calls API: instance {}:{} did not answer ({}); its calls are left out", host.host(), host.port(), e.toString());
            return List.of();
        }
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        return queries.getQueryableStore(InferenceTopology.SUMMARY_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                .orElseThrow(() -> new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                        "no call summaries here: this instance runs no inference role, or its streams are not running yet"));
    }
}
