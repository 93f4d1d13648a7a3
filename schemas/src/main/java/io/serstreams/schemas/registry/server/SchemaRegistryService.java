package io.serstreams.schemas.registry.server;

import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.RegistryError;
import io.serstreams.schemas.registry.RegistryMode;
import io.serstreams.schemas.registry.SchemaReference;
import io.serstreams.schemas.registry.SchemaRegistryException;
import io.serstreams.schemas.registry.server.AvroSchemaParser.ParsedSchema;
import io.serstreams.schemas.registry.server.RegistryState.StoredVersion;
import io.serstreams.schemas.registry.server.SchemaLogRecord.CompatibilityRemoved;
import io.serstreams.schemas.registry.server.SchemaLogRecord.CompatibilitySet;
import io.serstreams.schemas.registry.server.SchemaLogRecord.IdWatermark;
import io.serstreams.schemas.registry.server.SchemaLogRecord.ModeRemoved;
import io.serstreams.schemas.registry.server.SchemaLogRecord.ModeSet;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SchemaRegistered;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SchemaRemoved;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SubjectDeleted;
import org.apache.avro.Schema;

import java.util.List;
import java.util.Optional;

/**
 * The registry's rules, after Confluent Schema Registry: Avro schemas only, ids shared by identical
 * schemas across subjects and never handed out twice, registration idempotent, evolution checked
 * against the subject's compatibility level, references resolved against registered versions, soft
 * deletion before permanent deletion, and modes (READONLY refuses changes, IMPORT takes given ids).
 * Every change is stored in the {@link SchemaLog} before it takes effect, so a restart keeps it.
 * One instance writes a log; it is meant for the embedded mode and tests, not as a clustered registry.
 */
public final class SchemaRegistryService implements AutoCloseable {
    private final SchemaLog log;
    private final RegistryState state;
    private final AvroSchemaParser parser;

    /** Opens a registry over {@code log}, replaying what it holds. */
    public SchemaRegistryService(SchemaLog log, CompatibilityLevel defaultLevel) {
        this.log = log;
        this.state = new RegistryState(defaultLevel);
        this.parser = new AvroSchemaParser((subject, version) -> state.stored(subject, version).map(StoredVersion::schema));
        log.replay(state::apply);
    }

    /** Registers a schema that references nothing. */
    public synchronized RegisteredSchema register(String subject, String schemaText) {
        return register(subject, schemaText, List.of());
    }

    /**
     * Registers {@code schemaText} (whose named types may come from {@code references}) as the next
     * version of {@code subject}, or returns the live version that already holds it.
     */
    public synchronized RegisteredSchema register(String subject, String schemaText, List<SchemaReference> references) {
        requireWritable(subject);
        ParsedSchema candidate = parser.parse(schemaText, references);
        Optional<RegisteredSchema> existing = holding(state.versions(subject, false), candidate);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (state.effectiveMode(subject) != RegistryMode.IMPORT) {
            List<String> violations = violations(subject, state.versions(subject, false), candidate);
            if (!violations.isEmpty()) {
                throw new SchemaRegistryException(RegistryError.INCOMPATIBLE_SCHEMA,
                        "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                                + "\" (compatibility " + state.effectiveLevel(subject) + "), details: " + violations);
            }
        }
        RegisteredSchema registered = new RegisteredSchema(subject, state.lastVersion(subject) + 1,
                state.idFor(candidate.canonical(), candidate.references()), candidate.canonical(), candidate.references());
        store(new SchemaRegistered(registered, false));
        return registered;
    }

    /**
     * Registers a schema under the id (and version, or the next one when null) the caller gives, as
     * when copying another registry; allowed only while the subject is in IMPORT mode.
     */
    public synchronized RegisteredSchema importSchema(String subject, String schemaText, List<SchemaReference> references, int id, Integer version) {
        if (state.effectiveMode(subject) != RegistryMode.IMPORT) {
            throw new SchemaRegistryException(RegistryError.OPERATION_NOT_PERMITTED, "Subject " + subject
                    + " is not in import mode: a schema id or version may be given only in IMPORT mode");
        }
        if (id < 1) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: the id to import must be 1 or more, not " + id);
        }
        ParsedSchema candidate = parser.parse(schemaText, references);
        Optional<RegisteredSchema> holder = state.schemaById(id);
        if (holder.isPresent() && !(holder.get().schema().equals(candidate.canonical()) && holder.get().references().equals(candidate.references()))) {
            throw new SchemaRegistryException(RegistryError.OPERATION_NOT_PERMITTED, "Overwrite new schema with id " + id + " is not permitted.");
        }
        int known = state.idFor(candidate.canonical(), candidate.references());
        if (known != id && known <= state.maxId()) {
            throw new SchemaRegistryException(RegistryError.ID_DOES_NOT_MATCH,
                    "Schema already registered with id " + known + " instead of input id " + id);
        }
        int target = version == null ? state.lastVersion(subject) + 1 : version;
        Optional<StoredVersion> occupied = state.stored(subject, target);
        if (occupied.isPresent()) {
            if (occupied.get().schema().id() == id) {
                return occupied.get().schema();
            }
            throw new SchemaRegistryException(RegistryError.OPERATION_NOT_PERMITTED,
                    "Version " + target + " of subject " + subject + " already holds schema " + occupied.get().schema().id());
        }
        RegisteredSchema registered = new RegisteredSchema(subject, target, id, candidate.canonical(), candidate.references());
        store(new SchemaRegistered(registered, false));
        return registered;
    }

    /** The version of {@code subject} holding exactly this schema (soft-deleted ones too when {@code includeDeleted}). */
    public synchronized RegisteredSchema lookup(String subject, String schemaText, List<SchemaReference> references, boolean includeDeleted) {
        ParsedSchema candidate = parser.parse(schemaText, references);
        return holding(versions(subject, includeDeleted), candidate)
                .orElseThrow(() -> new SchemaRegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema not found"));
    }

    /** The live version of {@code subject} holding exactly this schema, which references nothing. */
    public synchronized RegisteredSchema lookup(String subject, String schemaText) {
        return lookup(subject, schemaText, List.of(), false);
    }

    /** The schema with this id, with its references (a soft-deleted version still answers for its id). */
    public synchronized RegisteredSchema schemaById(int id) {
        return state.schemaById(id).orElseThrow(() -> new SchemaRegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + id + " not found"));
    }

    /** The highest id handed out so far. */
    public synchronized int maxId() {
        return state.maxId();
    }

    /** Every subject and version that holds the schema with this id (soft-deleted ones too when {@code includeDeleted}). */
    public synchronized List<RegisteredSchema> usesOf(int id, boolean includeDeleted) {
        schemaById(id);
        return state.usesOf(id, includeDeleted);
    }

    /** The subjects whose names start with {@code prefix}, sorted; soft-deleted ones too when {@code includeDeleted}. */
    public synchronized List<String> subjects(String prefix, boolean includeDeleted) {
        return state.subjects(includeDeleted).stream().filter(s -> s.startsWith(prefix)).toList();
    }

    /** Every live subject, sorted. */
    public synchronized List<String> subjects() {
        return subjects("", false);
    }

    /** A subject's versions, oldest first; soft-deleted ones too when {@code includeDeleted}. */
    public synchronized List<RegisteredSchema> versions(String subject, boolean includeDeleted) {
        List<RegisteredSchema> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw new SchemaRegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    /** A subject's live versions, oldest first. */
    public synchronized List<RegisteredSchema> versions(String subject) {
        return versions(subject, false);
    }

    /** A version of a subject; -1 means the latest. A soft-deleted one only when {@code includeDeleted}. */
    public synchronized RegisteredSchema version(String subject, int version, boolean includeDeleted) {
        List<RegisteredSchema> versions = versions(subject, includeDeleted);
        if (version == -1) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new SchemaRegistryException(RegistryError.VERSION_NOT_FOUND, "Version " + version + " not found."));
    }

    /** A live version of a subject; -1 means the latest. */
    public synchronized RegisteredSchema version(String subject, int version) {
        return version(subject, version, false);
    }

    /** The ids of the live schemas that reference this version. */
    public synchronized List<Integer> referencedBy(String subject, int version) {
        int resolved = version(subject, version, true).version();
        return state.referrersOf(subject, resolved).stream().filter(v -> !v.deleted()).map(v -> v.schema().id()).distinct().sorted().toList();
    }

    /**
     * Deletes one version (-1: the latest): softly (it stays readable with {@code deleted=true} and
     * by its id), or permanently once it was soft-deleted. Returns the version deleted.
     */
    public synchronized int deleteVersion(String subject, int version, boolean permanent) {
        requireWritable(subject);
        List<StoredVersion> stored = state.stored(subject);
        if (stored.isEmpty()) {
            throw new SchemaRegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        StoredVersion target;
        if (version == -1) {
            List<StoredVersion> candidates = permanent ? stored : stored.stream().filter(v -> !v.deleted()).toList();
            if (candidates.isEmpty()) {
                throw new SchemaRegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
            }
            target = candidates.get(candidates.size() - 1);
        } else {
            target = state.stored(subject, version)
                    .orElseThrow(() -> new SchemaRegistryException(RegistryError.VERSION_NOT_FOUND, "Version " + version + " not found."));
        }
        int resolved = target.schema().version();
        if (!permanent && target.deleted()) {
            throw new SchemaRegistryException(RegistryError.VERSION_SOFT_DELETED, "Subject '" + subject + "' Version " + resolved
                    + " was soft deleted. Set permanent=true to delete permanently");
        }
        if (permanent && !target.deleted()) {
            throw new SchemaRegistryException(RegistryError.VERSION_NOT_SOFT_DELETED, "Subject '" + subject + "' Version " + resolved
                    + " was not deleted first before being permanently deleted");
        }
        requireUnreferenced(subject, List.of(target), permanent);
        if (permanent) {
            keepIdWatermark(List.of(target));
            store(new SchemaRemoved(subject, resolved));
        } else {
            store(new SchemaRegistered(target.schema(), true));
        }
        return resolved;
    }

    /**
     * Deletes a subject: softly (every version, with the subject's level and mode), or permanently
     * once it was soft-deleted. Returns the versions deleted.
     */
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        requireWritable(subject);
        List<StoredVersion> stored = state.stored(subject);
        if (stored.isEmpty()) {
            throw new SchemaRegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        List<StoredVersion> live = stored.stream().filter(v -> !v.deleted()).toList();
        if (!permanent && live.isEmpty()) {
            throw new SchemaRegistryException(RegistryError.SUBJECT_SOFT_DELETED, "Subject '" + subject
                    + "' was soft deleted. Set permanent=true to delete permanently");
        }
        if (permanent && !live.isEmpty()) {
            throw new SchemaRegistryException(RegistryError.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                    + "' was not deleted first before being permanently deleted");
        }
        List<StoredVersion> doomed = permanent ? stored : live;
        requireUnreferenced(subject, doomed, permanent);
        if (permanent) {
            keepIdWatermark(doomed);
            doomed.forEach(v -> store(new SchemaRemoved(subject, v.schema().version())));
        } else {
            store(new SubjectDeleted(subject, live.get(live.size() - 1).schema().version()));
        }
        if (state.subjectLevel(subject).isPresent()) {
            store(new CompatibilityRemoved(subject));
        }
        if (state.subjectMode(subject).isPresent()) {
            store(new ModeRemoved(subject));
        }
        return doomed.stream().map(v -> v.schema().version()).toList();
    }

    /**
     * Why {@code schemaText} could not be registered next under {@code subject}, checked against one
     * version (or all versions the subject's level asks for when {@code version} is null); empty when it could.
     */
    public synchronized List<String> compatibilityViolations(String subject, Integer version, String schemaText, List<SchemaReference> references) {
        ParsedSchema candidate = parser.parse(schemaText, references);
        if (state.versions(subject, false).isEmpty()) {
            return List.of();
        }
        List<RegisteredSchema> against = version == null ? state.versions(subject, false) : List.of(version(subject, version));
        return violations(subject, against, candidate);
    }

    /** {@link #compatibilityViolations(String, Integer, String, List)} for a schema that references nothing. */
    public synchronized List<String> compatibilityViolations(String subject, Integer version, String schemaText) {
        return compatibilityViolations(subject, version, schemaText, List.of());
    }

    public synchronized CompatibilityLevel globalCompatibility() {
        return state.globalLevel();
    }

    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return state.subjectLevel(subject);
    }

    /** Sets a subject's level, or the global one when {@code subject} is null. */
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        store(new CompatibilitySet(subject, level));
    }

    /**
     * Removes a subject's level, so it follows the global one again (or resets the global level to
     * the registry's default when {@code subject} is null); returns the level it had.
     */
    public synchronized CompatibilityLevel deleteCompatibility(String subject) {
        if (subject == null) {
            CompatibilityLevel previous = state.globalLevel();
            store(new CompatibilityRemoved(null));
            return previous;
        }
        CompatibilityLevel previous = state.subjectLevel(subject).orElseThrow(() -> state.stored(subject).isEmpty()
                ? new SchemaRegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.")
                : new SchemaRegistryException(RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured"));
        store(new CompatibilityRemoved(subject));
        return previous;
    }

    public synchronized RegistryMode globalMode() {
        return state.globalMode();
    }

    public synchronized Optional<RegistryMode> subjectMode(String subject) {
        return state.subjectMode(subject);
    }

    /**
     * Sets a subject's mode, or the global one when {@code subject} is null. IMPORT is refused while
     * there are live schemas it would apply to, unless {@code force}.
     */
    public synchronized void setMode(String subject, RegistryMode mode, boolean force) {
        if (mode == RegistryMode.IMPORT && !force) {
            boolean occupied = subject == null ? !state.subjects(false).isEmpty() : !state.versions(subject, false).isEmpty();
            if (occupied) {
                throw new SchemaRegistryException(RegistryError.OPERATION_NOT_PERMITTED,
                        "Cannot import since found existing subjects (set force=true to switch to IMPORT anyway)");
            }
        }
        store(new ModeSet(subject, mode));
    }

    /** Removes a subject's mode (or resets the global one to READWRITE when {@code subject} is null); returns the mode it had. */
    public synchronized RegistryMode deleteMode(String subject) {
        if (subject == null) {
            RegistryMode previous = state.globalMode();
            store(new ModeRemoved(null));
            return previous;
        }
        RegistryMode previous = state.subjectMode(subject).orElseThrow(() -> new SchemaRegistryException(
                RegistryError.SUBJECT_MODE_NOT_CONFIGURED, "Subject '" + subject + "' does not have subject-level mode configured"));
        store(new ModeRemoved(subject));
        return previous;
    }

    @Override
    public void close() {
        log.close();
    }

    private void store(SchemaLogRecord record) {
        log.append(record);
        state.apply(record);
    }

    private void requireWritable(String subject) {
        if (state.effectiveMode(subject) == RegistryMode.READONLY) {
            throw new SchemaRegistryException(RegistryError.OPERATION_NOT_PERMITTED, "Subject " + subject + " is in read-only mode");
        }
    }

    /** Refuses to delete versions that other subjects' schemas (live ones, or any for a permanent delete) still reference. */
    private void requireUnreferenced(String subject, List<StoredVersion> doomed, boolean permanent) {
        for (StoredVersion v : doomed) {
            boolean referenced = state.referrersOf(subject, v.schema().version()).stream()
                    .anyMatch(r -> (permanent || !r.deleted()) && !doomed.contains(r));
            if (referenced) {
                throw new SchemaRegistryException(RegistryError.REFERENCE_EXISTS, "One or more references exist to the schema {subject="
                        + subject + ", version=" + v.schema().version() + "}");
            }
        }
    }

    /** Remembers the highest id before versions go whose ids no other version holds, so the id is never handed out again. */
    private void keepIdWatermark(List<StoredVersion> doomed) {
        boolean idsVanish = doomed.stream().anyMatch(v -> state.usesOf(v.schema().id(), true).stream()
                .allMatch(use -> doomed.stream().anyMatch(d -> d.schema().equals(use))));
        if (idsVanish) {
            store(new IdWatermark(state.maxId()));
        }
    }

    private static Optional<RegisteredSchema> holding(List<RegisteredSchema> versions, ParsedSchema candidate) {
        return versions.stream()
                .filter(v -> v.schema().equals(candidate.canonical()) && v.references().equals(candidate.references()))
                .findFirst();
    }

    private List<String> violations(String subject, List<RegisteredSchema> earlier, ParsedSchema candidate) {
        List<Schema> previous = earlier.stream().map(v -> parser.parse(v.schema(), v.references()).schema()).toList();
        return state.effectiveLevel(subject).violations(candidate.schema(), previous);
    }
}
