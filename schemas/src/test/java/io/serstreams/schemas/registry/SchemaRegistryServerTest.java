package io.serstreams.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.testkit.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void theCurrentEmotionEventRegistersOverItsReleasedVersionUnderFullTransitiveCompatibility() throws Exception {
        String released;
        try (java.io.InputStream in = SchemaRegistryServerTest.class.getResourceAsStream("/schema-history/EmotionEvent/v1.avsc")) {
            released = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(call("PUT", "/config/emotion.events-value", "{\"compatibility\":\"FULL_TRANSITIVE\"}").status()).isEqualTo(200);
        int v1 = call("POST", "/subjects/emotion.events-value/versions", schemaBody(released)).body().path("id").asInt();
        Reply current = call("POST", "/subjects/emotion.events-value/versions", schemaBody(io.serstreams.schema.EmotionEvent.getClassSchema().toString()));
        assertThat(current.status()).as(current.body().toString()).isEqualTo(200);
        assertThat(current.body().path("id").asInt()).isNotEqualTo(v1);
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

    private static final String COMMON = "{\"type\":\"record\",\"name\":\"Common\",\"namespace\":\"t\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}";
    private static final String USES_COMMON = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"c\",\"type\":\"t.Common\"}]}";
    private static final String USES_COMMON_V2 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"c\",\"type\":\"t.Common\"},"
            + "{\"name\":\"n\",\"type\":\"int\",\"default\":1}]}";

    private static String referencingBody(String schema, String subject, int version) {
        var body = json.createObjectNode().put("schema", schema);
        body.putArray("references").addObject().put("name", "t.Common").put("subject", subject).put("version", version);
        return body.toString();
    }

    @Test
    void deletesVersionsSoftlyThenPermanently() throws Exception {
        int id1 = call("POST", "/subjects/deletions-value/versions", schemaBody(PERSON)).body().path("id").asInt();
        int id2 = call("POST", "/subjects/deletions-value/versions", schemaBody(PERSON_V2)).body().path("id").asInt();

        assertError(call("DELETE", "/subjects/deletions-value/versions/2?permanent=true", null), 404, 40407);
        Reply soft = call("DELETE", "/subjects/deletions-value/versions/2", null);
        assertThat(soft.status()).as(soft.raw()).isEqualTo(200);
        assertThat(soft.raw()).isEqualTo("2");
        assertError(call("DELETE", "/subjects/deletions-value/versions/2", null), 404, 40406);
        assertError(call("DELETE", "/subjects/deletions-value/versions/9", null), 404, 40402);
        assertError(call("DELETE", "/subjects/no-such-subject/versions/1", null), 404, 40401);

        assertThat(call("GET", "/subjects/deletions-value/versions", null).raw()).isEqualTo("[1]");
        assertThat(call("GET", "/subjects/deletions-value/versions?deleted=true", null).raw()).isEqualTo("[1,2]");
        assertThat(call("GET", "/subjects/deletions-value/versions/latest", null).body().path("version").asInt()).isEqualTo(1);
        assertError(call("GET", "/subjects/deletions-value/versions/2", null), 404, 40402);
        assertThat(call("GET", "/subjects/deletions-value/versions/2?deleted=true", null).body().path("id").asInt()).isEqualTo(id2);
        assertError(call("POST", "/subjects/deletions-value", schemaBody(PERSON_V2)), 404, 40403);
        assertThat(call("POST", "/subjects/deletions-value?deleted=true", schemaBody(PERSON_V2)).body().path("version").asInt()).isEqualTo(2);
        // A soft-deleted version still decodes the records written with it.
        assertThat(call("GET", "/schemas/ids/" + id2, null).status()).isEqualTo(200);
        assertThat(call("GET", "/schemas/ids/" + id2 + "/versions", null).raw()).isEqualTo("[]");
        assertThat(call("GET", "/schemas/ids/" + id2 + "/versions?deleted=true", null).raw()).contains("\"version\":2");

        assertThat(call("DELETE", "/subjects/deletions-value/versions/2?permanent=true", null).raw()).isEqualTo("2");
        assertThat(call("GET", "/subjects/deletions-value/versions?deleted=true", null).raw()).isEqualTo("[1]");
        assertError(call("GET", "/schemas/ids/" + id2, null), 404, 40403);

        // Re-registering the permanently deleted schema gives a fresh version and id: ids are never handed out twice.
        Reply again = call("POST", "/subjects/deletions-value/versions", schemaBody(PERSON_V2));
        assertThat(again.body().path("id").asInt()).isGreaterThan(id2);
        assertThat(call("GET", "/subjects/deletions-value/versions", null).raw()).isEqualTo("[1,2]");
        assertThat(call("GET", "/subjects/deletions-value/versions/1", null).body().path("id").asInt()).isEqualTo(id1);
    }

    @Test
    void deletesSubjectsSoftlyThenPermanently() throws Exception {
        int id = call("POST", "/subjects/doomed-value/versions", schemaBody(PERSON)).body().path("id").asInt();
        call("POST", "/subjects/doomed-value/versions", schemaBody(PERSON_V2));
        call("PUT", "/config/doomed-value", "{\"compatibility\":\"FULL\"}");

        assertError(call("DELETE", "/subjects/doomed-value?permanent=true", null), 404, 40405);
        Reply soft = call("DELETE", "/subjects/doomed-value", null);
        assertThat(soft.status()).as(soft.raw()).isEqualTo(200);
        assertThat(soft.raw()).isEqualTo("[1,2]");
        assertError(call("DELETE", "/subjects/doomed-value", null), 404, 40404);
        assertThat(call("GET", "/subjects", null).raw()).doesNotContain("doomed-value");
        assertThat(call("GET", "/subjects?deleted=true", null).raw()).contains("\"doomed-value\"");
        assertError(call("GET", "/subjects/doomed-value/versions", null), 404, 40401);
        assertThat(call("GET", "/subjects/doomed-value/versions?deleted=true", null).raw()).isEqualTo("[1,2]");
        assertThat(call("GET", "/subjects/doomed-value/versions/1?deleted=true", null).body().path("id").asInt()).isEqualTo(id);
        // Deleting a subject deletes its compatibility level with it, as Confluent's does.
        assertError(call("GET", "/config/doomed-value", null), 404, 40408);

        // Registering into a soft-deleted subject goes on from its last version.
        assertThat(call("POST", "/subjects/doomed-value/versions", schemaBody(PERSON)).body().path("id").asInt()).isEqualTo(id);
        assertThat(call("GET", "/subjects/doomed-value/versions", null).raw()).isEqualTo("[3]");
        assertThat(call("DELETE", "/subjects/doomed-value", null).raw()).isEqualTo("[3]");

        assertThat(call("DELETE", "/subjects/doomed-value?permanent=true", null).raw()).isEqualTo("[1,2,3]");
        assertThat(call("GET", "/subjects?deleted=true", null).raw()).doesNotContain("doomed-value");
        assertError(call("DELETE", "/subjects/doomed-value?permanent=true", null), 404, 40401);
    }

    @Test
    void modesRefuseWritesInReadOnlyAndTakeGivenIdsInImport() throws Exception {
        call("POST", "/subjects/frozen-value/versions", schemaBody(PERSON));
        assertThat(call("GET", "/mode", null).body().path("mode").asText()).isEqualTo("READWRITE");
        assertThat(call("PUT", "/mode/frozen-value", "{\"mode\":\"READONLY\"}").body().path("mode").asText()).isEqualTo("READONLY");
        assertThat(call("GET", "/mode/frozen-value", null).body().path("mode").asText()).isEqualTo("READONLY");
        assertError(call("GET", "/mode/unfrozen-value", null), 404, 40409);
        assertThat(call("GET", "/mode/unfrozen-value?defaultToGlobal=true", null).body().path("mode").asText()).isEqualTo("READWRITE");
        assertError(call("PUT", "/mode/frozen-value", "{\"mode\":\"SIDEWAYS\"}"), 422, 42204);

        assertError(call("POST", "/subjects/frozen-value/versions", schemaBody(PERSON_V2)), 422, 42205);
        assertError(call("DELETE", "/subjects/frozen-value", null), 422, 42205);
        assertError(call("DELETE", "/subjects/frozen-value/versions/1", null), 422, 42205);
        assertThat(call("POST", "/subjects/frozen-value", schemaBody(PERSON)).status()).isEqualTo(200);

        assertThat(call("DELETE", "/mode/frozen-value", null).body().path("mode").asText()).isEqualTo("READONLY");
        assertThat(call("POST", "/subjects/frozen-value/versions", schemaBody(PERSON_V2)).status()).isEqualTo(200);

        // IMPORT: refused over live schemas unless forced; then ids and versions come from the caller.
        assertError(call("PUT", "/mode/frozen-value", "{\"mode\":\"IMPORT\"}"), 422, 42205);
        String imported = json.createObjectNode().put("schema", PERSON_BREAKING).put("id", 7001).put("version", 5).toString();
        assertError(call("POST", "/subjects/imported-value/versions", imported), 422, 42205);
        assertThat(call("PUT", "/mode/imported-value", "{\"mode\":\"IMPORT\"}").status()).isEqualTo(200);
        assertThat(call("POST", "/subjects/imported-value/versions", imported).body().path("id").asInt()).isEqualTo(7001);
        JsonNode version = call("GET", "/subjects/imported-value/versions/5", null).body();
        assertThat(version.path("id").asInt()).isEqualTo(7001);
        String clash = json.createObjectNode().put("schema", PERSON).put("id", 7001).toString();
        assertError(call("POST", "/subjects/imported-value/versions", clash), 422, 42205);
        assertThat(call("GET", "/schemas/ids/7001?fetchMaxId=true", null).body().path("maxId").asInt()).isGreaterThanOrEqualTo(7001);
        call("DELETE", "/mode/imported-value", null);
    }

    @Test
    void referencesResolveAgainstRegisteredVersionsOrAreRefused() throws Exception {
        call("POST", "/subjects/common-value/versions", schemaBody(COMMON));

        Reply user = call("POST", "/subjects/user-value/versions", referencingBody(USES_COMMON, "common-value", 1));
        assertThat(user.status()).as(user.raw()).isEqualTo(200);
        int id = user.body().path("id").asInt();
        JsonNode stored = call("GET", "/subjects/user-value/versions/1", null).body();
        assertThat(stored.path("references").toString()).isEqualTo("[{\"name\":\"t.Common\",\"subject\":\"common-value\",\"version\":1}]");
        // The referenced type stays a reference in the stored text, as a client resolving references expects.
        assertThat(stored.path("schema").asText()).contains("\"type\":\"Common\"").doesNotContain("\"name\":\"x\"");
        assertThat(call("GET", "/schemas/ids/" + id, null).body().path("references").get(0).path("subject").asText()).isEqualTo("common-value");
        assertThat(call("POST", "/subjects/user-value", referencingBody(USES_COMMON, "common-value", 1)).body().path("id").asInt()).isEqualTo(id);
        assertThat(call("GET", "/subjects/common-value/versions/1/referencedby", null).raw()).isEqualTo("[" + id + "]");
        // Evolution is checked with the references resolved.
        assertThat(call("POST", "/subjects/user-value/versions", referencingBody(USES_COMMON_V2, "common-value", 1)).status()).isEqualTo(200);

        Reply unresolved = call("POST", "/subjects/loose-value/versions", schemaBody(USES_COMMON));
        assertError(unresolved, 422, 42201);
        assertThat(unresolved.body().path("message").asText()).contains("t.Common").contains("reference");
        Reply nowhere = call("POST", "/subjects/loose-value/versions", referencingBody(USES_COMMON, "common-value", 7));
        assertError(nowhere, 422, 42201);
        assertThat(nowhere.body().path("message").asText()).contains("version 7 of subject 'common-value'").contains("does not exist");
        assertError(call("POST", "/subjects/loose-value/versions", referencingBody(USES_COMMON, "no-such-subject", 1)), 422, 42201);

        assertError(call("DELETE", "/subjects/common-value/versions/1", null), 422, 42206);
        assertError(call("DELETE", "/subjects/common-value", null), 422, 42206);
    }

    @Test
    void listsByPrefixAndTellsTheHighestId() throws Exception {
        int id = call("POST", "/subjects/prefixed.one-value/versions", schemaBody(PERSON)).body().path("id").asInt();
        call("POST", "/subjects/prefixed.two-value/versions", schemaBody(PERSON));
        call("POST", "/subjects/unprefixed-value/versions", schemaBody(PERSON));
        assertThat(call("GET", "/subjects?subjectPrefix=prefixed.", null).raw()).isEqualTo("[\"prefixed.one-value\",\"prefixed.two-value\"]");
        JsonNode byId = call("GET", "/schemas/ids/" + id + "?fetchMaxId=true", null).body();
        assertThat(byId.path("maxId").asInt()).isGreaterThanOrEqualTo(id);
        assertThat(call("GET", "/schemas/ids/" + id, null).body().has("maxId")).isFalse();
    }

    @Test
    void deletesASubjectsCompatibilityLevel() throws Exception {
        call("POST", "/subjects/configured-value/versions", schemaBody(PERSON));
        call("PUT", "/config/configured-value", "{\"compatibility\":\"FULL\"}");
        assertThat(call("DELETE", "/config/configured-value", null).body().path("compatibilityLevel").asText()).isEqualTo("FULL");
        assertError(call("GET", "/config/configured-value", null), 404, 40408);
        assertError(call("DELETE", "/config/configured-value", null), 404, 40408);
        assertError(call("DELETE", "/config/never-registered-value", null), 404, 40401);
    }

    @Test
    void subjectNamesArePercentDecodedAsTheClientEncodesThem() {
        try (SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
            for (String subject : List.of("odd name/with slash-value", "plus+and%percent-value")) {
                int id = client.register(subject, PERSON);
                assertThat(client.latest(subject).subject()).isEqualTo(subject);
                assertThat(client.lookup(subject, PERSON).id()).isEqualTo(id);
                assertThat(client.subjects()).contains(subject);
            }
        }
    }

    @Test
    void unprocessableRequestsCarryTheirReasonPhrase() throws Exception {
        URI uri = URI.create(server.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /subjects/any/versions/zero HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 422 Unprocessable Entity");
        }
    }

    @Test
    void invalidSchemasAreExplainedInPlainWords() throws Exception {
        for (String schema : List.of("{", "not json", "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"a\" \"type\":\"int\"}]}")) {
            Reply reply = call("POST", "/subjects/plain-value/versions", schemaBody(schema));
            assertError(reply, 422, 42201);
            assertThat(reply.body().path("message").asText()).as(schema)
                    .startsWith("Invalid schema: the schema is not valid JSON at line 1, column ")
                    .doesNotContainIgnoringCase("jackson").doesNotContain("Exception").doesNotContain("Source").doesNotContain("REDACTED");
        }
        Reply body = call("POST", "/subjects/plain-value/versions", "{\"schema\": ");
        assertError(body, 400, 400);
        assertThat(body.body().path("message").asText()).startsWith("The request body is not valid JSON at line 1")
                .doesNotContainIgnoringCase("jackson").doesNotContain("REDACTED");
    }

    @Test
    void restClientDeletesAndSetsModes() {
        try (SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
            client.register("client-deletes-value", PERSON);
            client.register("client-deletes-value", PERSON_V2);
            assertThat(client.deleteVersion("client-deletes-value", -1, false)).isEqualTo(2);
            assertThat(client.deleteVersion("client-deletes-value", 2, true)).isEqualTo(2);
            assertThat(client.versions("client-deletes-value")).containsExactly(1);
            assertThatThrownBy(() -> client.deleteSubject("client-deletes-value", true))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.SUBJECT_NOT_SOFT_DELETED));
            assertThat(client.deleteSubject("client-deletes-value", false)).containsExactly(1);
            assertThat(client.deleteSubject("client-deletes-value", true)).containsExactly(1);
            assertThat(client.subjects()).doesNotContain("client-deletes-value");

            assertThat(client.mode("client-mode-value")).isEqualTo(RegistryMode.READWRITE);
            client.setMode("client-mode-value", RegistryMode.READONLY);
            assertThat(client.mode("client-mode-value")).isEqualTo(RegistryMode.READONLY);
            assertThatThrownBy(() -> client.register("client-mode-value", PERSON))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.OPERATION_NOT_PERMITTED));
            client.setMode("client-mode-value", RegistryMode.READWRITE);
            assertThat(client.register("client-mode-value", PERSON)).isPositive();
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
