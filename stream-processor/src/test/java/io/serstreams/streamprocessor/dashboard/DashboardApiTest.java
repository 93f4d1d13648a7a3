package io.serstreams.streamprocessor.dashboard;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import io.serstreams.schemas.testkit.TestRegistry;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.testing.SampleCalls;
import io.serstreams.streamprocessor.testing.TestApplication;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's API with a token: 401 without it, the SSE stream with filters and resume from Last-Event-ID, the login cookie. */
class DashboardApiTest {
    private static final String TOKEN = "s3cret-token";
    private static SchemaRegistryServer registry;
    private static ApplicationContext app;
    private static String base;
    /** The replayed call's tenant: a name of its own, as other tests' domains share the broker's domain.profiles. */
    private static final String TENANT = SharedKafkaCluster.uniqueName("dash-tenant");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.start();
        Map<String, Object> props = TestApplication.settings("ser-dashboard", registry.url());
        props.put("ser.dashboard.token", TOKEN);
        // One management endpoint turned on, as an operator might: it must sit behind the token too.
        props.put("endpoints.info.enabled", true);
        // The call's tenant profile becomes active within the call.
        props.put("ser.profiles.min-speech", "3s");
        props.put("ser.profiles.publish-every", "1s");
        app = TestApplication.startRunning(props);
        base = "http://127.0.0.1:" + app.getBean(EmbeddedServer.class).getPort();
        var serializer = new io.serstreams.schemas.serde.ConfluentAvroSerializer<io.serstreams.schema.AudioChunk>(
                app.getBean(io.serstreams.schemas.registry.SchemaRegistryClient.class));
        serializer.configure(Map.of(), false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(EmbeddedDemo.producerProps(SharedKafkaCluster.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            new CallReplayer(producer, serializer, "audio.chunks").replay(List.of(CallRecording.load(SampleCalls.friendlyCall(),
                    "dash-call", 200, io.serstreams.schema.AudioEncoding.PCM16LE, new io.serstreams.schema.DeclaredDomain(TENANT, "en-US", null),
                    Instant.now())), 0, CallReplayer.Progress.NONE);
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads SSE events (id and data lines) until {@code count} have come. */
    private static List<String[]> events(String path, int count, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<java.io.InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<String[]> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body()))) {
            String id = null;
            String name = null;
            String line;
            while (out.size() < count && (line = reader.readLine()) != null) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:") && id != null) {
                    out.add(new String[]{id, name, line.substring(5).trim()});
                    id = null;
                }
            }
        }
        return out;
    }

    @Test
    void withoutTheTokenTheApiAnswers401AndThePageAsksForIt() throws Exception {
        assertThat(get("/v1/calls").statusCode()).isEqualTo(401);
        assertThat(get("/v1/stream").statusCode()).isEqualTo(401);
        assertThat(get("/v1/calls", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> page = get("/dashboard/index.html");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("location")).hasValue("/dashboard/login.html");
        assertThat(get("/dashboard/login.html").statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).isEqualTo(200);

        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/session"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.headers().firstValue("location").orElse("")).contains("failed");
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/session"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).contains("ser_token=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
        assertThat(get("/v1/calls", "Cookie", cookie.split(";")[0]).statusCode()).isEqualTo(200);
        assertThat(get("/dashboard/index.html", "Cookie", cookie.split(";")[0]).statusCode()).isEqualTo(200);
    }

    @Test
    void theDomainsApiShowsTheCallsTenantProfileActiveOnceItHasItsMinimumOfSpeech() throws Exception {
        assertThat(get("/v1/domains").statusCode()).isEqualTo(401);
        String domain = "tenant=" + TENANT;
        com.fasterxml.jackson.databind.JsonNode mine = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = get("/v1/domains", "Authorization", "Bearer " + TOKEN);
            assertThat(response.statusCode()).isEqualTo(200);
            for (var node : new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body())) {
                if (node.get("domain").asText().equals(domain)) {
                    mine = node;
                }
            }
            if (mine != null && mine.get("state").asText().equals("active")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(mine).as("the tenant's profile on /v1/domains").isNotNull();
        assertThat(mine.get("state").asText()).isEqualTo("active");
        assertThat(mine.get("segments").asLong()).isPositive();
        assertThat(mine.get("speechSeconds").asDouble()).isGreaterThanOrEqualTo(3.0);
        assertThat(mine.get("minSpeechSeconds").asDouble()).isEqualTo(3.0);
        assertThat(mine.get("halfLifeSeconds").asDouble()).isEqualTo(8 * 3600.0);
        assertThat(mine.get("updatedAt").asLong()).isPositive();
    }

    @Test
    void managementEndpointsAreOffOrBehindTheToken() throws Exception {
        for (String path : List.of("/beans", "/routes", "/threaddump", "/env", "/info", "/refresh", "/caches", "/loggers")) {
            assertThat(get(path).statusCode()).as(path + " without the token").isEqualTo(401);
        }
        for (String path : List.of("/beans", "/routes", "/threaddump", "/env", "/refresh", "/caches", "/loggers")) {
            assertThat(get(path, "Authorization", "Bearer " + TOKEN).statusCode()).as(path + " with the token").isEqualTo(404);
        }
        HttpResponse<String> info = get("/info", "Authorization", "Bearer " + TOKEN);
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).startsWith("{");
        // Probes need no token.
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_");
    }

    @Test
    void theStreamFiltersAndResumesFromTheLastEventId() throws Exception {
        List<String[]> first = events("/v1/stream?call=dash-call&channel=1&type=emotion", 4);
        assertThat(first).hasSize(4).allSatisfy(e -> {
            assertThat(e[1]).isEqualTo("emotion");
            assertThat(e[2]).contains("\"callId\":\"dash-call\"").contains("\"channel\":1");
        });
        List<Long> ids = first.stream().map(e -> Long.parseLong(e[0])).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();

        // Reconnecting after the second event: the third comes first, nothing is repeated.
        List<String[]> resumed = events("/v1/stream?call=dash-call&channel=1&type=emotion", 2, "Last-Event-ID", first.get(1)[0]);
        assertThat(resumed.get(0)[0]).isEqualTo(first.get(2)[0]);
        assertThat(resumed.get(1)[0]).isEqualTo(first.get(3)[0]);

        HttpResponse<String> timeline = get("/v1/calls/dash-call/timeline", "Authorization", "Bearer " + TOKEN);
        assertThat(timeline.statusCode()).isEqualTo(200);
        assertThat(timeline.body()).startsWith("[{").contains("\"segment\":0");
        assertThat(get("/v1/calls/no-such-call/timeline", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
    }
}
