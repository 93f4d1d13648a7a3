package io.serstreams.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.testkit.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded registry answers as Confluent Schema Registry's API reference documents: paths,
 * bodies, status codes and error codes, checked on the raw HTTP exchange.
 */
class SchemaRegistryServerTest {
    private static final String PERSON = "{\"type\":\"record\",\"name\":\"Person\",\"namespace\":\"t\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";
    private static final String PERSON_V2 = "{\"type\":\"record\",\"name\":\"Person\",\"namespace\":\"t\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\",\"default\":0}]}";
    private static final String PERSON_BREAKING = "{\"type\":\"record\",\"name\":\"Person\",\"namespace\":\"t\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"email\",\"type\":\"string\"}]}";

    private static SchemaRegistryServer server;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    private record Reply(int status, String contentType, JsonNode body, String raw) {
    }

    @BeforeAll
    static void start() {
        server = TestRegistry.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Reply call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node;
        try {
            node = json.readTree(response.body());
        } catch (Exception e) {
            node = null;
        }
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), node, response.body());
    }

    private static String schemaBody(String schema) {
        return json.createObjectNode().put("schema", schema).toString();
    }

    private static void assertError(Reply reply, int status, int errorCode) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
        assertThat(reply.body().path("error_code").asInt()).as(reply.raw()).isEqualTo(errorCode);
        assertThat(reply.body().path("message").asText()).isNotBlank();
    }

    @Test
    void registersLooksUpAndListsAsDocumented() throws Exception {
        Reply registered = call("POST", "/subjects/people-value/versions", schemaBody(PERSON));
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        int id = registered.body().path("id").asInt();
        assertThat(id).isPositive();

        // Registering again is idempotent; the same schema under another subject shares the id.
        assertThat(call("POST", "/subjects/people-value/versions", schemaBody(PERSON)).body().path("id").asInt()).isEqualTo(id);
        assertThat(call("POST", "/subjects/people-key/versions", schemaBody(PERSON)).body().path("id").asInt()).isEqualTo(id);

        assertThat(call("GET", "/subjects", null).body()).extracting(JsonNode::toString).asString()
                .contains("\"people-key\"", "\"people-value\"");
        assertThat(call("GET", "/schemas/ids/" + id, null).body().path("schema").asText())
                .isEqualTo(new org.apache.avro.Schema.Parser().parse(PERSON).toString());
        assertThat(call("GET", "/schemas/ids/" + id + "/schema", null).raw()).contains("\"Person\"");
        assertThat(call("GET", "/schemas/ids/" + id + "/versions", null).body().toString())
                .contains("{\"subject\":\"people-value\",\"version\":1}");

        int id2 = call("POST", "/subjects/people-value/versions", schemaBody(PERSON_V2)).body().path("id").asInt();
        assertThat(id2).isNotEqualTo(id);
        assertThat(call("GET", "/subjects/people-value/versions", null).body().toString()).isEqualTo("[1,2]");
        JsonNode latest = call("GET", "/subjects/people-value/versions/latest", null).body();
        assertThat(latest.path("subject").asText()).isEqualTo("people-value");
        assertThat(latest.path("version").asInt()).isEqualTo(2);
        assertThat(latest.path("id").asInt()).isEqualTo(id2);
        assertThat(latest.path("schema").asText()).contains("\"age\"");
        assertThat(call("GET", "/subjects/people-value/versions/1", null).body().path("id").asInt()).isEqualTo(id);
        assertThat(call("GET", "/subjects/people-value/versions/1/schema", null).raw()).doesNotContain("age");

        Reply lookup = call("POST", "/subjects/people-value", schemaBody(PERSON));
        assertThat(lookup.body().path("version").asInt()).isEqualTo(1);
        assertThat(lookup.body().path("id").asInt()).isEqualTo(id);
        assertThat(call("GET", "/schemas/types", null).body().toString()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void answersWithConfluentErrorCodes() throws Exception {
        call("POST", "/subjects/errors-value/versions", schemaBody(PERSON));

        assertError(call("GET", "/subjects/no-such-subject/versions", null), 404, 40401);
        assertError(call("GET", "/subjects/errors-value/versions/7", null), 404, 40402);
        assertError(call("GET", "/schemas/ids/987654", null), 404, 40403);
        assertError(call("POST", "/subjects/errors-value", schemaBody(PERSON_V2)), 404, 40403);
        assertError(call("POST", "/subjects/no-such-subject", schemaBody(PERSON)), 404, 40401);
        assertError(call("GET", "/subjects/errors-value/versions/zero", null), 422, 42202);
        assertError(call("GET", "/subjects/errors-value/versions/0", null), 422, 42202);
        assertError(call("POST", "/subjects/errors-value/versions", schemaBody("{\"type\":\"record\",\"name\":\"Broken\"}")), 422, 42201);
        assertError(call("POST", "/subjects/errors-value/versions", "{\"schema\":\"{}\",\"schemaType\":\"PROTOBUF\"}"), 422, 42201);
        assertError(call("POST", "/subjects/errors-value/versions", "not json"), 400, 400);
        assertError(call("PUT", "/config/errors-value", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
        assertError(call("GET", "/config/errors-value", null), 404, 40408);
        assertError(call("GET", "/nothing/here", null), 404, 404);

        Reply incompatible = call("POST", "/subjects/errors-value/versions", schemaBody(PERSON_BREAKING));
        assertError(incompatible, 409, 409);
        assertThat(incompatible.body().path("message").asText()).contains("incompatible").contains("email");
    }

    @Test
    void enforcesPerSubjectCompatibility() throws Exception {
        call("POST", "/subjects/relaxed-value/versions", schemaBody(PERSON));
        assertThat(call("GET", "/config", null).body().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        Reply check = call("POST", "/compatibility/subjects/relaxed-value/versions/latest?verbose=true", schemaBody(PERSON_BREAKING));
        assertThat(check.body().path("is_compatible").asBoolean()).isFalse();
        assertThat(check.body().path("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(call("POST", "/compatibility/subjects/relaxed-value/versions/latest", schemaBody(PERSON_V2))
                .body().path("is_compatible").asBoolean()).isTrue();

        Reply put = call("PUT", "/config/relaxed-value", "{\"compatibility\":\"NONE\"}");
        assertThat(put.body().path("compatibility").asText()).isEqualTo("NONE");
        assertThat(call("GET", "/config/relaxed-value", null).body().path("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(call("POST", "/subjects/relaxed-value/versions", schemaBody(PERSON_BREAKING)).status()).isEqualTo(200);
        // The global level is untouched.
        assertThat(call("GET", "/config", null).body().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(call("GET", "/config/never-configured?defaultToGlobal=true", null).body().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void restClientSpeaksTheSameApi() {
        try (SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
            String schema = AudioChunk.getClassSchema().toString();
            int id = client.register("client-value", schema);
            assertThat(client.schemaById(id)).isEqualTo(schema);
            assertThat(client.latest("client-value")).isEqualTo(new RegisteredSchema("client-value", 1, id, schema));
            assertThat(client.version("client-value", 1).id()).isEqualTo(id);
            assertThat(client.lookup("client-value", schema).version()).isEqualTo(1);
            assertThat(client.versions("client-value")).containsExactly(1);
            assertThat(client.subjects()).contains("client-value");
            assertThat(client.isCompatible("client-value", schema)).isTrue();
            assertThat(client.isCompatible("brand-new-subject", schema)).isTrue();
            client.setCompatibility("client-value", CompatibilityLevel.FULL);
            assertThat(client.compatibility("client-value")).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.compatibility("other-subject")).isEqualTo(client.globalCompatibility());

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.schemaById(424242))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.error()).isEqualTo(RegistryError.SCHEMA_NOT_FOUND);
                        assertThat(e.errorCode()).isEqualTo(40403);
                        assertThat(e.httpStatus()).isEqualTo(404);
                    });
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.latest("missing"))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.SUBJECT_NOT_FOUND));
        }
    }

    @Test
    void clientReportsAnUnreachableRegistryByName() {
        try (SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of("http://127.0.0.1:1"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(client::subjects)
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.UNEXPECTED_RESPONSE))
                    .hasMessageContaining("127.0.0.1:1");
        }
    }
}
