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
import io.serstreams.schemas.registry.server.SchemaLogRecord.CompatibilityRemoved;
import io.serstreams.schemas.registry.server.SchemaLogRecord.CompatibilitySet;
import io.serstreams.schemas.registry.server.SchemaLogRecord.IdWatermark;
import io.serstreams.schemas.registry.server.SchemaLogRecord.ModeRemoved;
import io.serstreams.schemas.registry.server.SchemaLogRecord.ModeSet;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SchemaRegistered;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SchemaRemoved;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SubjectDeleted;

import java.util.ArrayList;
import java.util.List;

/**
 * JSON keys and values of the schema log, after Confluent's: keys identify what a record is about
 * (a subject version, a subject's config or mode, a subject's deletion), so log compaction keeps
 * exactly the latest state of each, and a permanent deletion is a tombstone (a null value) on the key.
 */
final class SchemaLogCodec {
    private final ObjectMapper json = new ObjectMapper();

    String key(SchemaLogRecord record) {
        ObjectNode key = json.createObjectNode();
        if (record instanceof SchemaRegistered registered) {
            key.put("keytype", "SCHEMA").put("subject", registered.schema().subject()).put("version", registered.schema().version());
        } else if (record instanceof SchemaRemoved removed) {
            key.put("keytype", "SCHEMA").put("subject", removed.subject()).put("version", removed.version());
        } else if (record instanceof SubjectDeleted deleted) {
            key.put("keytype", "DELETE_SUBJECT").put("subject", deleted.subject());
        } else if (record instanceof CompatibilitySet config) {
            key.put("keytype", "CONFIG").put("subject", config.subject());
        } else if (record instanceof CompatibilityRemoved config) {
            key.put("keytype", "CONFIG").put("subject", config.subject());
        } else if (record instanceof ModeSet mode) {
            key.put("keytype", "MODE").put("subject", mode.subject());
        } else if (record instanceof ModeRemoved mode) {
            key.put("keytype", "MODE").put("subject", mode.subject());
        } else if (record instanceof IdWatermark) {
            key.put("keytype", "ID_WATERMARK");
        }
        return key.toString();
    }

    /** The record's value; null for a tombstone. */
    String value(SchemaLogRecord record) {
        ObjectNode value = json.createObjectNode();
        if (record instanceof SchemaRegistered registered) {
            RegisteredSchema schema = registered.schema();
            value.put("subject", schema.subject()).put("version", schema.version()).put("id", schema.id()).put("schema", schema.schema());
            if (!schema.references().isEmpty()) {
                ArrayNode references = value.putArray("references");
                schema.references().forEach(r -> references.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version()));
            }
            value.put("deleted", registered.deleted());
        } else if (record instanceof SubjectDeleted deleted) {
            value.put("subject", deleted.subject()).put("version", deleted.upToVersion());
        } else if (record instanceof CompatibilitySet config) {
            value.put("compatibilityLevel", config.level().name());
        } else if (record instanceof ModeSet mode) {
            value.put("mode", mode.mode().name());
        } else if (record instanceof IdWatermark watermark) {
            value.put("maxId", watermark.maxId());
        } else {
            return null;
        }
        return value.toString();
    }

    /** The record a key and value (null: a tombstone) stand for. */
    SchemaLogRecord decode(String key, String value) {
        try {
            JsonNode keyNode = json.readTree(key);
            String type = keyNode.path("keytype").asText();
            JsonNode subjectNode = keyNode.path("subject");
            String subject = subjectNode.isTextual() ? subjectNode.asText() : null;
            if (value == null) {
                switch (type) {
                    case "SCHEMA" -> {
                        return new SchemaRemoved(subject, keyNode.path("version").asInt());
                    }
                    case "CONFIG" -> {
                        return new CompatibilityRemoved(subject);
                    }
                    case "MODE" -> {
                        return new ModeRemoved(subject);
                    }
                    default -> throw new SchemaRegistryException(RegistryError.STORE_ERROR, "unknown tombstone in the schema log: key " + key);
                }
            }
            JsonNode valueNode = json.readTree(value);
            switch (type) {
                case "SCHEMA" -> {
                    List<SchemaReference> references = new ArrayList<>();
                    valueNode.path("references").forEach(r -> references.add(
                            new SchemaReference(r.path("name").asText(), r.path("subject").asText(), r.path("version").asInt())));
                    return new SchemaRegistered(new RegisteredSchema(valueNode.path("subject").asText(), valueNode.path("version").asInt(),
                            valueNode.path("id").asInt(), valueNode.path("schema").asText(), references), valueNode.path("deleted").asBoolean(false));
                }
                case "DELETE_SUBJECT" -> {
                    return new SubjectDeleted(valueNode.path("subject").asText(), valueNode.path("version").asInt());
                }
                case "CONFIG" -> {
                    CompatibilityLevel level = CompatibilityLevel.parse(valueNode.path("compatibilityLevel").asText());
                    if (level != null) {
                        return new CompatibilitySet(subject, level);
                    }
                }
                case "MODE" -> {
                    RegistryMode mode = RegistryMode.parse(valueNode.path("mode").asText());
                    if (mode != null) {
                        return new ModeSet(subject, mode);
                    }
                }
                case "ID_WATERMARK" -> {
                    return new IdWatermark(valueNode.path("maxId").asInt());
                }
                default -> {
                }
            }
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(RegistryError.STORE_ERROR, "unreadable record in the schema log: " + e.getOriginalMessage());
        }
        throw new SchemaRegistryException(RegistryError.STORE_ERROR, "unknown record in the schema log: key " + key + ", value " + value);
    }
}
