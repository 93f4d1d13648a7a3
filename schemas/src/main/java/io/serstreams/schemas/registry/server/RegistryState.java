package io.serstreams.schemas.registry.server;

import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.RegistryMode;
import io.serstreams.schemas.registry.SchemaReference;
import io.serstreams.schemas.registry.server.SchemaLogRecord.CompatibilityRemoved;
import io.serstreams.schemas.registry.server.SchemaLogRecord.CompatibilitySet;
import io.serstreams.schemas.registry.server.SchemaLogRecord.IdWatermark;
import io.serstreams.schemas.registry.server.SchemaLogRecord.ModeRemoved;
import io.serstreams.schemas.registry.server.SchemaLogRecord.ModeSet;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SchemaRegistered;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SchemaRemoved;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SubjectDeleted;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a registry knows, rebuilt by applying its log records in order: every version of every
 * subject, soft-deleted ones marked, with the levels and modes set. Not thread-safe: the
 * {@link SchemaRegistryService} guards it.
 */
final class RegistryState {
    /** A version as stored: live, or soft-deleted (still readable with {@code deleted=true}, and by its id). */
    record StoredVersion(RegisteredSchema schema, boolean deleted) {
    }

    private final TreeMap<String, TreeMap<Integer, StoredVersion>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private final Map<String, RegistryMode> subjectModes = new HashMap<>();
    private final CompatibilityLevel defaultLevel;
    private CompatibilityLevel globalLevel;
    private RegistryMode globalMode = RegistryMode.READWRITE;
    private int maxId;

    RegistryState(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
        this.globalLevel = defaultLevel;
    }

    void apply(SchemaLogRecord record) {
        if (record instanceof SchemaRegistered registered) {
            RegisteredSchema schema = registered.schema();
            maxId = Math.max(maxId, schema.id());
            subjects.computeIfAbsent(schema.subject(), s -> new TreeMap<>()).put(schema.version(), new StoredVersion(schema, registered.deleted()));
        } else if (record instanceof SchemaRemoved removed) {
            TreeMap<Integer, StoredVersion> versions = subjects.get(removed.subject());
            if (versions != null) {
                versions.remove(removed.version());
                if (versions.isEmpty()) {
                    subjects.remove(removed.subject());
                }
            }
        } else if (record instanceof SubjectDeleted deleted) {
            TreeMap<Integer, StoredVersion> versions = subjects.get(deleted.subject());
            if (versions != null) {
                versions.headMap(deleted.upToVersion(), true).replaceAll((v, stored) -> new StoredVersion(stored.schema(), true));
            }
        } else if (record instanceof CompatibilitySet config) {
            if (config.subject() == null) {
                globalLevel = config.level();
            } else {
                subjectLevels.put(config.subject(), config.level());
            }
        } else if (record instanceof CompatibilityRemoved config) {
            if (config.subject() == null) {
                globalLevel = defaultLevel;
            } else {
                subjectLevels.remove(config.subject());
            }
        } else if (record instanceof ModeSet mode) {
            if (mode.subject() == null) {
                globalMode = mode.mode();
            } else {
                subjectModes.put(mode.subject(), mode.mode());
            }
        } else if (record instanceof ModeRemoved mode) {
            if (mode.subject() == null) {
                globalMode = RegistryMode.READWRITE;
            } else {
                subjectModes.remove(mode.subject());
            }
        } else if (record instanceof IdWatermark watermark) {
            maxId = Math.max(maxId, watermark.maxId());
        }
    }

    /** Subjects with a live version, or with any version when {@code includeDeleted}; sorted. */
    List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                names.add(name);
            }
        });
        return names;
    }

    /** Versions of a subject, oldest first, soft-deleted ones too; empty when the subject has none. */
    List<StoredVersion> stored(String subject) {
        return List.copyOf(subjects.getOrDefault(subject, new TreeMap<>()).values());
    }

    /** Live versions of a subject, oldest first (or every version when {@code includeDeleted}). */
    List<RegisteredSchema> versions(String subject, boolean includeDeleted) {
        return stored(subject).stream().filter(v -> includeDeleted || !v.deleted()).map(StoredVersion::schema).toList();
    }

    Optional<StoredVersion> stored(String subject, int version) {
        return Optional.ofNullable(subjects.getOrDefault(subject, new TreeMap<>()).get(version));
    }

    /** The highest version a subject ever had that is still stored (deleted or not); 0 when none. */
    int lastVersion(String subject) {
        TreeMap<Integer, StoredVersion> versions = subjects.get(subject);
        return versions == null ? 0 : versions.lastKey();
    }

    /** Some stored version holding the schema with this id (the id's text and references are the same in all). */
    Optional<RegisteredSchema> schemaById(int id) {
        return usesOf(id, true).stream().findFirst();
    }

    /** Where each subject holds this id, as subject and version pairs; soft-deleted ones only when {@code includeDeleted}. */
    List<RegisteredSchema> usesOf(int id, boolean includeDeleted) {
        List<RegisteredSchema> uses = new ArrayList<>();
        subjects.values().forEach(versions -> versions.values().stream()
                .filter(v -> v.schema().id() == id && (includeDeleted || !v.deleted()))
                .forEach(v -> uses.add(v.schema())));
        return uses;
    }

    /** Versions (live or deleted) whose references include {@code subject} {@code version}. */
    List<StoredVersion> referrersOf(String subject, int version) {
        List<StoredVersion> referrers = new ArrayList<>();
        subjects.values().forEach(versions -> versions.values().stream()
                .filter(v -> v.schema().references().stream().anyMatch(r -> r.subject().equals(subject) && r.version() == version))
                .forEach(referrers::add));
        return referrers;
    }

    /** The id for a canonical schema with its references: the one it already has anywhere, else the next free one. */
    int idFor(String canonicalSchema, List<SchemaReference> references) {
        for (TreeMap<Integer, StoredVersion> versions : subjects.values()) {
            for (StoredVersion v : versions.values()) {
                if (v.schema().schema().equals(canonicalSchema) && v.schema().references().equals(references)) {
                    return v.schema().id();
                }
            }
        }
        return maxId + 1;
    }

    int maxId() {
        return maxId;
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

    RegistryMode globalMode() {
        return globalMode;
    }

    Optional<RegistryMode> subjectMode(String subject) {
        return Optional.ofNullable(subjectModes.get(subject));
    }

    RegistryMode effectiveMode(String subject) {
        return subjectModes.getOrDefault(subject, globalMode);
    }
}
