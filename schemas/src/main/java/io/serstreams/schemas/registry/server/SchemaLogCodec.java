package io.serstreams.schemas.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.RegistryError;
import io.serstreams.schemas.registry.SchemaRegistryException;
import io.serstreams.schemas.registry.server.SchemaLogRecord.CompatibilitySet;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SchemaRegistered;

/**
 * JSON keys and values of the schema log. Keys identify what a record is about (a subject version, a
 * subject's config), so log compaction keeps exactly the latest state of each.
 */
final class SchemaLogCodec {
    private final ObjectMapper json = new ObjectMapper();

    String key(SchemaLogRecord record) {
        ObjectNode key = json.createObjectNode();
        if (record instanceof SchemaRegistered registered) {
            key.put("keytype", "SCHEMA").put("subject", registered.schema().subject()).put("version", registered.schema().version());
        } else if (record instanceof CompatibilitySet config) {
            key.put("keytype", "CONFIG").put("subject", config.subject());
        }
        return key.toString();
    }

    String value(SchemaLogRecord record) {
        ObjectNode value = json.createObjectNode();
        if (record instanceof SchemaRegistered registered) {
            RegisteredSchema schema = registered.schema();
            value.put("subject", schema.subject()).put("version", schema.version()).put("id", schema.id()).put("schema", schema.schema());
        } else if (record instanceof CompatibilitySet config) {
            value.put("compatibilityLevel", config.level().name());
        }
        return value.toString();
    }

    SchemaLogRecord decode(String key, String value) {
        try {
            JsonNode keyNode = json.readTree(key);
            JsonNode valueNode = json.readTree(value);
            String type = keyNode.path("keytype").asText();
            if ("SCHEMA".equals(type)) {
                return new SchemaRegistered(new RegisteredSchema(valueNode.path("subject").asText(), valueNode.path("version").asInt(),
                        valueNode.path("id").asInt(), valueNode.path("schema").asText()));
            }
            if ("CONFIG".equals(type)) {
                JsonNode subject = keyNode.path("subject");
                CompatibilityLevel level = CompatibilityLevel.parse(valueNode.path("compatibilityLevel").asText());
                if (level != null) {
                    return new CompatibilitySet(subject.isTextual() ? subject.asText() : null, level);
                }
            }
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(RegistryError.STORE_ERROR, "unreadable record in the schema log: " + e.getOriginalMessage());
        }
        throw new SchemaRegistryException(RegistryError.STORE_ERROR, "unknown record in the schema log: key " + key);
    }
}
