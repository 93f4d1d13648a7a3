package io.serstreams.schemas.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.RegistryError;
import io.serstreams.schemas.registry.RegistryMode;
import io.serstreams.schemas.registry.SchemaReference;
import io.serstreams.schemas.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Confluent Schema Registry's REST API (the Avro subset) over a {@link SchemaRegistryService}: the
 * same paths, query parameters, JSON bodies, status codes and {@code error_code}s, so Confluent's
 * clients can use it. Independent of the HTTP server that carries it.
 */
final class RegistryRoutes {
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRoutes.class);

    private final SchemaRegistryService service;
    private final ObjectMapper json = new ObjectMapper();

    /** A schema as a request body carries it. */
    private record SchemaBody(String schema, List<SchemaReference> references, Integer id, Integer version) {
    }

    RegistryRoutes(SchemaRegistryService service) {
        this.service = service;
    }

    /** Answers a request; refusals and failures become Confluent's error bodies. */
    RegistryResponse handle(RegistryRequest request) {
        try {
            return route(request);
        } catch (SchemaRegistryException e) {
            return error(e.error(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("schema registry request {} /{} failed", request.method(), String.join("/", request.path()), e);
            return error(RegistryError.STORE_ERROR, "Error in the backend data store: " + e.getMessage());
        }
    }

    /** The error body Confluent's registry sends for {@code error}. */
    RegistryResponse error(RegistryError error, String message) {
        ObjectNode body = json.createObjectNode().put("error_code", error.code()).put("message", message);
        return new RegistryResponse(error.httpStatus(), body);
    }

    private RegistryResponse route(RegistryRequest request) {
        List<String> path = request.path();
        int n = path.size();
        String method = request.method();
        String first = n == 0 ? "" : path.get(0);
        switch (first) {
            case "" -> {
                return RegistryResponse.ok(json.createObjectNode());
            }
            case "subjects" -> {
                return subjects(request, method, path, n);
            }
            case "schemas" -> {
                return schemas(request, method, path, n);
            }
            case "compatibility" -> {
                if ((n == 4 || n == 5) && path.get(1).equals("subjects") && path.get(3).equals("versions") && method.equals("POST")) {
                    Integer version = n == 5 ? version(path.get(4)) : null;
                    SchemaBody body = schemaOf(request);
                    List<String> violations = service.compatibilityViolations(path.get(2), version, body.schema(), body.references());
                    ObjectNode answer = json.createObjectNode().put("is_compatible", violations.isEmpty());
                    if (!violations.isEmpty() && request.flag("verbose")) {
                        violations.forEach(answer.putArray("messages")::add);
                    }
                    return RegistryResponse.ok(answer);
                }
            }
            case "config" -> {
                return config(request, method, path, n);
            }
            case "mode" -> {
                return mode(request, method, path, n);
            }
            default -> {
                return error(RegistryError.NOT_FOUND, "HTTP 404 Not Found");
            }
        }
        return notFound(method, path);
    }

    private RegistryResponse subjects(RegistryRequest request, String method, List<String> path, int n) {
        boolean deleted = request.flag("deleted");
        if (n == 1 && method.equals("GET")) {
            return RegistryResponse.ok(service.subjects(request.parameter("subjectPrefix", ""), deleted));
        }
        String subject = n > 1 ? path.get(1) : null;
        if (n == 2 && method.equals("POST")) {
            SchemaBody body = schemaOf(request);
            return RegistryResponse.ok(describe(service.lookup(subject, body.schema(), body.references(), deleted)));
        }
        if (n == 2 && method.equals("DELETE")) {
            return RegistryResponse.ok(service.deleteSubject(subject, request.flag("permanent")));
        }
        if (n < 3 || !path.get(2).equals("versions")) {
            return notFound(method, path);
        }
        if (n == 3 && method.equals("GET")) {
            return RegistryResponse.ok(service.versions(subject, deleted).stream().map(RegisteredSchema::version).toList());
        }
        if (n == 3 && method.equals("POST")) {
            SchemaBody body = schemaOf(request);
            RegisteredSchema registered = body.id() != null
                    ? service.importSchema(subject, body.schema(), body.references(), body.id(), body.version())
                    : service.register(subject, body.schema(), body.references());
            return RegistryResponse.ok(json.createObjectNode().put("id", registered.id()));
        }
        if (n == 4 && method.equals("GET")) {
            return RegistryResponse.ok(describe(service.version(subject, version(path.get(3)), deleted)));
        }
        if (n == 4 && method.equals("DELETE")) {
            return RegistryResponse.ok(service.deleteVersion(subject, version(path.get(3)), request.flag("permanent")));
        }
        if (n == 5 && path.get(4).equals("schema") && method.equals("GET")) {
            return RegistryResponse.ok(service.version(subject, version(path.get(3)), deleted).schema());
        }
        if (n == 5 && path.get(4).equals("referencedby") && method.equals("GET")) {
            return RegistryResponse.ok(service.referencedBy(subject, version(path.get(3))));
        }
        return notFound(method, path);
    }

    private RegistryResponse schemas(RegistryRequest request, String method, List<String> path, int n) {
        boolean deleted = request.flag("deleted");
        if (n == 1 && method.equals("GET")) {
            List<ObjectNode> all = new ArrayList<>();
            for (String subject : service.subjects(request.parameter("subjectPrefix", ""), deleted)) {
                List<RegisteredSchema> versions = service.versions(subject, deleted);
                if (request.flag("latestOnly")) {
                    versions = List.of(versions.get(versions.size() - 1));
                }
                versions.forEach(v -> all.add(describe(v)));
            }
            return RegistryResponse.ok(all);
        }
        if (n == 2 && path.get(1).equals("types") && method.equals("GET")) {
            return RegistryResponse.ok(List.of("AVRO"));
        }
        if (n >= 3 && path.get(1).equals("ids") && method.equals("GET")) {
            int id = schemaId(path.get(2));
            if (n == 3) {
                RegisteredSchema schema = service.schemaById(id);
                ObjectNode body = json.createObjectNode().put("schema", schema.schema());
                putReferences(body, schema.references());
                if (request.flag("fetchMaxId")) {
                    body.put("maxId", service.maxId());
                }
                return RegistryResponse.ok(body);
            }
            if (n == 4 && path.get(3).equals("schema")) {
                return RegistryResponse.ok(service.schemaById(id).schema());
            }
            if (n == 4 && path.get(3).equals("versions")) {
                ArrayNode uses = json.createArrayNode();
                service.usesOf(id, deleted).forEach(v -> uses.addObject().put("subject", v.subject()).put("version", v.version()));
                return RegistryResponse.ok(uses);
            }
            if (n == 4 && path.get(3).equals("subjects")) {
                return RegistryResponse.ok(service.usesOf(id, deleted).stream().map(RegisteredSchema::subject).distinct().toList());
            }
        }
        return notFound(method, path);
    }

    private RegistryResponse config(RegistryRequest request, String method, List<String> path, int n) {
        if (n > 2) {
            return notFound(method, path);
        }
        String subject = n == 2 ? path.get(1) : null;
        switch (method) {
            case "GET" -> {
                CompatibilityLevel level = subject == null ? service.globalCompatibility()
                        : service.subjectCompatibility(subject).orElseGet(() -> {
                            if (request.flag("defaultToGlobal")) {
                                return service.globalCompatibility();
                            }
                            throw new SchemaRegistryException(RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                                    "Subject '" + subject + "' does not have subject-level compatibility configured");
                        });
                return RegistryResponse.ok(json.createObjectNode().put("compatibilityLevel", level.name()));
            }
            case "PUT" -> {
                String requested = body(request).path("compatibility").asText(null);
                CompatibilityLevel level = CompatibilityLevel.parse(requested);
                if (level == null) {
                    throw new SchemaRegistryException(RegistryError.INVALID_COMPATIBILITY_LEVEL,
                            "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
                }
                service.setCompatibility(subject, level);
                return RegistryResponse.ok(json.createObjectNode().put("compatibility", level.name()));
            }
            case "DELETE" -> {
                return RegistryResponse.ok(json.createObjectNode().put("compatibilityLevel", service.deleteCompatibility(subject).name()));
            }
            default -> {
                return notFound(method, path);
            }
        }
    }

    private RegistryResponse mode(RegistryRequest request, String method, List<String> path, int n) {
        if (n > 2) {
            return notFound(method, path);
        }
        String subject = n == 2 ? path.get(1) : null;
        switch (method) {
            case "GET" -> {
                RegistryMode mode = subject == null ? service.globalMode()
                        : service.subjectMode(subject).orElseGet(() -> {
                            if (request.flag("defaultToGlobal")) {
                                return service.globalMode();
                            }
                            throw new SchemaRegistryException(RegistryError.SUBJECT_MODE_NOT_CONFIGURED,
                                    "Subject '" + subject + "' does not have subject-level mode configured");
                        });
                return RegistryResponse.ok(json.createObjectNode().put("mode", mode.name()));
            }
            case "PUT" -> {
                String requested = body(request).path("mode").asText(null);
                RegistryMode mode = RegistryMode.parse(requested);
                if (mode == null) {
                    throw new SchemaRegistryException(RegistryError.INVALID_MODE,
                            "Invalid mode" + (requested == null ? "" : " " + requested) + ". Valid values are READWRITE, READONLY and IMPORT");
                }
                service.setMode(subject, mode, request.flag("force"));
                return RegistryResponse.ok(json.createObjectNode().put("mode", mode.name()));
            }
            case "DELETE" -> {
                return RegistryResponse.ok(json.createObjectNode().put("mode", service.deleteMode(subject).name()));
            }
            default -> {
                return notFound(method, path);
            }
        }
    }

    private RegistryResponse notFound(String method, List<String> path) {
        return error(RegistryError.NOT_FOUND, "HTTP 404 Not Found: no " + method + " /" + String.join("/", path));
    }

    private ObjectNode describe(RegisteredSchema schema) {
        ObjectNode body = json.createObjectNode()
                .put("subject", schema.subject())
                .put("version", schema.version())
                .put("id", schema.id())
                .put("schema", schema.schema());
        putReferences(body, schema.references());
        return body;
    }

    private static void putReferences(ObjectNode body, List<SchemaReference> references) {
        if (!references.isEmpty()) {
            ArrayNode array = body.putArray("references");
            references.forEach(r -> array.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version()));
        }
    }

    private SchemaBody schemaOf(RegistryRequest request) {
        JsonNode body = body(request);
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: only schemaType AVRO is supported, not " + type);
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: the body needs a \"schema\" field holding the schema as a JSON string");
        }
        List<SchemaReference> references = new ArrayList<>();
        JsonNode refs = body.path("references");
        if (!refs.isMissingNode() && !refs.isNull() && !refs.isArray()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: \"references\" must be a list of {name, subject, version}");
        }
        for (JsonNode ref : refs) {
            if (!ref.path("name").isTextual() || !ref.path("subject").isTextual() || !ref.path("version").canConvertToInt()) {
                throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA,
                        "Invalid schema: each reference needs a \"name\" and a \"subject\" (strings) and a \"version\" (a number), not " + ref);
            }
            references.add(new SchemaReference(ref.get("name").asText(), ref.get("subject").asText(), ref.get("version").asInt()));
        }
        Integer id = optionalInt(body, "id");
        Integer version = optionalInt(body, "version");
        if (version != null && id == null) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: a \"version\" may be given only with an \"id\", in IMPORT mode");
        }
        return new SchemaBody(schema.asText(), references, id, version);
    }

    private static Integer optionalInt(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || (node.canConvertToInt() && node.asInt() < 0)) {
            // Confluent's clients send -1 (or nothing) for "not given".
            return null;
        }
        if (!node.canConvertToInt()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: \"" + field + "\" must be a whole number, not " + node);
        }
        return node.asInt();
    }

    private JsonNode body(RegistryRequest request) {
        byte[] bytes = request.body();
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
            throw new SchemaRegistryException(RegistryError.BAD_REQUEST, "The request body is " + InvalidSchemaMessage.notJson(e));
        } catch (java.io.IOException e) {
            throw new SchemaRegistryException(RegistryError.BAD_REQUEST, "The request body could not be read: " + e.getMessage());
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
}
