package io.serstreams.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serstreams.schemas.errors.ErrorText;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A {@link SchemaRegistryClient} over HTTP, speaking Confluent Schema Registry's REST API, so it works
 * against a Confluent registry, Apicurio's {@code ccompat} endpoint or our own embedded server.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final String authorization;

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.timeout());
        if (config.sslContext() != null) {
            builder.sslContext(config.sslContext());
        }
        this.http = builder.build();
        this.authorization = config.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int register(String subject, String schema) {
        return send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema)).path("id").asInt();
    }

    @Override
    public RegisteredSchema lookup(String subject, String schema) {
        return registered(send("POST", "/subjects/" + encode(subject), schemaBody(schema)));
    }

    @Override
    public String schemaById(int id) {
        return send("GET", "/schemas/ids/" + id, null).path("schema").asText();
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        send("GET", "/subjects/" + encode(subject) + "/versions", null).forEach(node -> versions.add(node.asInt()));
        return versions;
    }

    @Override
    public boolean isCompatible(String subject, String schema) {
        try {
            return send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema))
                    .path("is_compatible").asBoolean();
        } catch (SchemaRegistryException e) {
            // Anything may follow nothing.
            if (e.error() == RegistryError.SUBJECT_NOT_FOUND || e.error() == RegistryError.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return level(send("GET", "/config", null).path("compatibilityLevel").asText());
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return level(send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null).path("compatibilityLevel").asText());
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        send("PUT", subject == null ? "/config" : "/config/" + encode(subject), body);
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        List<Integer> versions = new ArrayList<>();
        send("DELETE", "/subjects/" + encode(subject) + (permanent ? "?permanent=true" : ""), null).forEach(node -> versions.add(node.asInt()));
        return versions;
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        return send("DELETE", "/subjects/" + encode(subject) + "/versions/" + (version == -1 ? "latest" : version)
                + (permanent ? "?permanent=true" : ""), null).asInt();
    }

    @Override
    public RegistryMode mode(String subject) {
        String name = send("GET", subject == null ? "/mode" : "/mode/" + encode(subject) + "?defaultToGlobal=true", null).path("mode").asText();
        RegistryMode mode = RegistryMode.parse(name);
        if (mode == null) {
            throw new SchemaRegistryException(RegistryError.UNEXPECTED_RESPONSE, "the registry named an unknown mode: " + name);
        }
        return mode;
    }

    @Override
    public void setMode(String subject, RegistryMode mode) {
        send("PUT", subject == null ? "/mode" : "/mode/" + encode(subject), json.createObjectNode().put("mode", mode.name()));
    }

    private JsonNode send(String method, String path, JsonNode body) {
        IOException lastFailure = null;
        for (URI base : config.urls()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(config.timeout())
                    .header("Accept", ACCEPT);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return parse(method, base + path, response);
            } catch (IOException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(RegistryError.UNEXPECTED_RESPONSE, -1, 0, "interrupted while calling the schema registry", e);
            }
        }
        throw new SchemaRegistryException(RegistryError.UNEXPECTED_RESPONSE, -1, 0,
                "no schema registry answered at " + config.urls() + ": " + ErrorText.of(lastFailure), lastFailure);
    }

    private JsonNode parse(String method, String url, HttpResponse<String> response) {
        JsonNode node;
        try {
            node = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(RegistryError.UNEXPECTED_RESPONSE, -1, response.statusCode(),
                    method + " " + url + " answered " + response.statusCode() + " with a body that is not JSON", e);
        }
        if (response.statusCode() / 100 == 2) {
            return node;
        }
        int code = node.path("error_code").asInt(response.statusCode());
        String message = node.path("message").asText("HTTP " + response.statusCode());
        throw new SchemaRegistryException(RegistryError.ofCode(code), code, response.statusCode(),
                method + " " + url + ": " + message + " (error " + code + ")", null);
    }

    private ObjectNode schemaBody(String schema) {
        return json.createObjectNode().put("schema", schema);
    }

    private static RegisteredSchema registered(JsonNode node) {
        return new RegisteredSchema(node.path("subject").asText(), node.path("version").asInt(), node.path("id").asInt(), node.path("schema").asText());
    }

    private static CompatibilityLevel level(String name) {
        CompatibilityLevel level = CompatibilityLevel.parse(name);
        if (level == null) {
            throw new SchemaRegistryException(RegistryError.UNEXPECTED_RESPONSE, "the registry named an unknown compatibility level: " + name);
        }
        return level;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient[" + config + "]";
    }
}
