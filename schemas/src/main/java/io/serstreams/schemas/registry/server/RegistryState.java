package io.serstreams.schemas.registry.server;

import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.server.SchemaLogRecord.CompatibilitySet;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SchemaRegistered;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a registry knows, rebuilt by applying its log records in order. Not thread-safe: the
 * {@link SchemaRegistryService} guards it.
 */
final class RegistryState {
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final TreeMap<String, List<RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    RegistryState(CompatibilityLevel defaultLevel) {
        this.globalLevel = defaultLevel;
    }

    void apply(SchemaLogRecord record) {
        if (record instanceof SchemaRegistered registered) {
            RegisteredSchema schema = registered.schema();
            schemasById.put(schema.id(), schema.schema());
            idsBySchema.putIfAbsent(schema.schema(), schema.id());
            maxId = Math.max(maxId, schema.id());
            List<RegisteredSchema> versions = subjects.computeIfAbsent(schema.subject(), s -> new ArrayList<>());
            versions.removeIf(v -> v.version() == schema.version());
            versions.add(schema);
            versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
        } else if (record instanceof CompatibilitySet config) {
            if (config.subject() == null) {
                globalLevel = config.level();
            } else {
                subjectLevels.put(config.subject(), config.level());
            }
        }
    }

    List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    /** Versions of a subject, oldest first; empty when the subject is unknown. */
    List<RegisteredSchema> versions(String subject) {
        return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }

    boolean hasSubject(String subject) {
        return subjects.containsKey(subject);
    }

    Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** Where each subject holds this id, as subject and version pairs. */
    List<RegisteredSchema> usesOf(int id) {
        List<RegisteredSchema> uses = new ArrayList<>();
        subjects.values().forEach(versions -> versions.stream().filter(v -> v.id() == id).forEach(uses::add));
        return uses;
    }

    /** The id for a canonical schema text: the one it already has anywhere, else the next free one. */
    int idFor(String canonicalSchema) {
        return idsBySchema.getOrDefault(canonicalSchema, maxId + 1);
    }

    CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }
}
