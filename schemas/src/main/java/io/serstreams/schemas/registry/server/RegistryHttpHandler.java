package io.serstreams.schemas.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.RegistryError;
import io.serstreams.schemas.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Confluent Schema Registry's REST API (the Avro subset) over a {@link SchemaRegistryService}: the
 * same paths, JSON bodies, status codes and {@code error_code}s, so Confluent's clients can use it.
 */
final class RegistryHttpHandler implements HttpHandler {
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final SchemaRegistryService service;
    private final ObjectMapper json = new ObjectMapper();

    RegistryHttpHandler(SchemaRegistryService service) {
        this.service = service;
    }

    /** A response body with its status. Plain strings go out as text; everything else as JSON. */
    private record Response(int status, Object body) {
        static Response ok(Object body) {
            return new Response(200, body);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Response response;
        try {
            response = route(exchange.getRequestMethod(), segments(exchange), exchange);
        } catch (SchemaRegistryException e) {
            response = error(e.error(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("schema registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = error(RegistryError.STORE_ERROR, "Error in the backend data store: " + e.getMessage());
        }
        send(exchange, response);
    }

    private Response route(String method, List<String> path, HttpExchange exchange) throws IOException {
        int n = path.size();
        String first = n == 0 ? "" : path.get(0);
        switch (first) {
            case "" -> {
                return Response.ok(json.createObjectNode());
            }
            case "subjects" -> {
                if (n == 1 && method.equals("GET")) {
                    return Response.ok(service.subjects());
                }
                String subject = n > 1 ? path.get(1) : null;
                if (n == 2 && method.equals("POST")) {
                    return Response.ok(describe(service.lookup(subject, schemaOf(exchange))));
                }
                if (n == 3 && path.get(2).equals("versions") && method.equals("GET")) {
                    return Response.ok(service.versions(subject).stream().map(RegisteredSchema::version).toList());
                }
                if (n == 3 && path.get(2).equals("versions") && method.equals("POST")) {
                    RegisteredSchema registered = service.register(subject, schemaOf(exchange));
                    return Response.ok(json.createObjectNode().put("id", registered.id()));
                }
                if (n == 4 && path.get(2).equals("versions") && method.equals("GET")) {
                    return Response.ok(describe(service.version(subject, version(path.get(3)))));
                }
                if (n == 5 && path.get(2).equals("versions") && path.get(4).equals("schema") && method.equals("GET")) {
                    return Response.ok(service.version(subject, version(path.get(3))).schema());
                }
            }
            case "schemas" -> {
                if (n == 1 && method.equals("GET")) {
                    List<ObjectNode> all = new ArrayList<>();
                    for (String subject : service.subjects()) {
                        service.versions(subject).forEach(v -> all.add(describe(v)));
                    }
                    return Response.ok(all);
                }
                if (n == 2 && path.get(1).equals("types") && method.equals("GET")) {
                    return Response.ok(List.of("AVRO"));
                }
                if (n >= 3 && path.get(1).equals("ids") && method.equals("GET")) {
                    int id = schemaId(path.get(2));
                    if (n == 3) {
                        return Response.ok(json.createObjectNode().put("schema", service.schemaById(id)));
                    }
                    if (n == 4 && path.get(3).equals("schema")) {
                        return Response.ok(service.schemaById(id));
                    }
                    if (n == 4 && path.get(3).equals("versions")) {
                        ArrayNode uses = json.createArrayNode();
                        service.usesOf(id).forEach(v -> uses.addObject().put("subject", v.subject()).put("version", v.version()));
                        return Response.ok(uses);
                    }
                    if (n == 4 && path.get(3).equals("subjects")) {
                        return Response.ok(service.usesOf(id).stream().map(RegisteredSchema::subject).distinct().toList());
                    }
                }
            }
            case "compatibility" -> {
                if ((n == 4 || n == 5) && path.get(1).equals("subjects") && path.get(3).equals("versions") && method.equals("POST")) {
                    Integer version = n == 5 ? version(path.get(4)) : null;
                    List<String> violations = service.compatibilityViolations(path.get(2), version, schemaOf(exchange));
                    ObjectNode body = json.createObjectNode().put("is_compatible", violations.isEmpty());
                    if (!violations.isEmpty() && query(exchange, "verbose")) {
                        violations.forEach(body.putArray("messages")::add);
                    }
                    return Response.ok(body);
                }
            }
            case "config" -> {
                String subject = n == 2 ? path.get(1) : null;
                if (n <= 2 && method.equals("GET")) {
                    CompatibilityLevel level = subject == null ? service.globalCompatibility()
                            : service.subjectCompatibility(subject).orElseGet(() -> {
                                if (query(exchange, "defaultToGlobal")) {
                                    return service.globalCompatibility();
                                }
                                throw new SchemaRegistryException(RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                                        "Subject '" + subject + "' does not have subject-level compatibility configured");
                            });
                    return Response.ok(json.createObjectNode().put("compatibilityLevel", level.name()));
                }
                if (n <= 2 && method.equals("PUT")) {
                    String requested = body(exchange).path("compatibility").asText(null);
                    CompatibilityLevel level = CompatibilityLevel.parse(requested);
                    if (level == null) {
                        throw new SchemaRegistryException(RegistryError.INVALID_COMPATIBILITY_LEVEL,
                                "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
                    }
                    service.setCompatibility(subject, level);
                    return Response.ok(json.createObjectNode().put("compatibility", level.name()));
                }
            }
            default -> {
                return error(RegistryError.NOT_FOUND, "HTTP 404 Not Found");
            }
        }
        return error(RegistryError.NOT_FOUND, "HTTP 404 Not Found: no " + method + " /" + String.join("/", path));
    }

    private ObjectNode describe(RegisteredSchema schema) {
        return json.createObjectNode()
                .put("subject", schema.subject())
                .put("version", schema.version())
                .put("id", schema.id())
                .put("schema", schema.schema());
    }

    private String schemaOf(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: only schemaType AVRO is supported, not " + type);
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: the body needs a \"schema\" field holding the schema as a JSON string");
        }
        return schema.asText();
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new SchemaRegistryException(RegistryError.PAYLOAD_TOO_LARGE, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new SchemaRegistryException(RegistryError.BAD_REQUEST, "The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(RegistryError.BAD_REQUEST, "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static int version(String text) {
        if ("latest".equals(text)) {
            return -1;
        }
        try {
            int version = Integer.parseInt(text);
            if (version == -1 || version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new SchemaRegistryException(RegistryError.INVALID_VERSION, "The specified version '" + text
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
        }
    }

    private static List<String> segments(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawPath();
        return Arrays.stream(raw.split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
                .toList();
    }

    private static boolean query(HttpExchange exchange, String flag) {
        String query = exchange.getRequestURI().getQuery();
        return query != null && Arrays.asList(query.split("&")).contains(flag + "=true");
    }

    private Response error(RegistryError error, String message) {
        ObjectNode body = json.createObjectNode().put("error_code", error.code()).put("message", message);
        return new Response(error.httpStatus(), body);
    }

    private void send(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes = response.body() instanceof String text
                ? text.getBytes(StandardCharsets.UTF_8)
                : json.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
