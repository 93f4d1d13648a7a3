package io.serstreams.streamprocessor.dashboard;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/stream}: Server-Sent Events of emotion events ({@code event: emotion}) and alerts
 * ({@code event: alert}), filterable by call, channel, domain, rule and type; a client that
 * reconnects with {@code Last-Event-ID} gets what it missed first. {@code GET /v1/calls/{id}/timeline}:
 * a call's buffered events and alerts, for a page that opens a call part-way.
 */
@Controller
@Requires(beans = EventFeed.class)
public class FeedController {
    private final EventFeed feed;

    public FeedController(EventFeed feed) {
        this.feed = feed;
    }

    @Get(value = "/v1/stream", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> stream(@Nullable @QueryValue String call, @Nullable @QueryValue Integer channel, @Nullable @QueryValue String domain,
                                           @Nullable @QueryValue String rule, @Nullable @QueryValue String type,
                                           @Nullable @Header("Last-Event-ID") String lastEventId) {
        long after = parseId(lastEventId);
        Flux<Event<String>> items = Flux.create(sink -> {
            Runnable unsubscribe = feed.subscribe(after, item -> {
                if (item.matches(call, channel, domain, rule, type)) {
                    sink.next(Event.of(item.json()).id(Long.toString(item.id())).name(item.type()));
                }
            });
            sink.onDispose(unsubscribe::run);
        }, FluxSink.OverflowStrategy.BUFFER);
        // A comment every 15 s keeps proxies from closing a quiet stream.
        Flux<Event<String>> heartbeat = Flux.interval(Duration.ofSeconds(15)).map(i -> Event.of("").comment("keep-alive"));
        return Flux.merge(items, heartbeat);
    }

    @Get(value = "/v1/calls/{callId}/timeline", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> timeline(String callId) {
        List<FeedItem> items = feed.ofCall(callId);
        if (items.isEmpty()) {
            return HttpResponse.notFound();
        }
        return HttpResponse.ok(items.stream().map(FeedItem::json).collect(Collectors.joining(",", "[", "]")));
    }

    @Get("/")
    public HttpResponse<?> home() {
        return HttpResponse.seeOther(URI.create("/dashboard/index.html"));
    }

    private static long parseId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
