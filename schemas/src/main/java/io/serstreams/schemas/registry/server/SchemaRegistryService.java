package io.serstreams.schemas.registry.server;

import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.RegistryError;
import io.serstreams.schemas.registry.SchemaRegistryException;
import io.serstreams.schemas.registry.server.SchemaLogRecord.CompatibilitySet;
import io.serstreams.schemas.registry.server.SchemaLogRecord.SchemaRegistered;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;

import java.util.List;
import java.util.Optional;

/**
 * The registry's rules: Avro schemas only, ids shared by identical schemas across subjects,
 * registration idempotent, evolution checked against the subject's compatibility level. Every
 * change is stored in the {@link SchemaLog} before it takes effect, so a restart keeps every id.
 * One instance writes a log; it is meant for the embedded mode and tests, not as a clustered registry.
 */
public final class SchemaRegistryService implements AutoCloseable {
    private final SchemaLog log;
    private final RegistryState state;

    /** Opens a registry over {@code log}, replaying what it holds. */
    public SchemaRegistryService(SchemaLog log, CompatibilityLevel defaultLevel) {
        this.log = log;
        this.state = new RegistryState(defaultLevel);
        log.replay(state::apply);
    }

    public synchronized RegisteredSchema register(String subject, String schemaText) {
        Schema candidate = parse(schemaText);
        String canonical = candidate.toString();
        List<RegisteredSchema> versions = state.versions(subject);
        for (RegisteredSchema existing : versions) {
            if (existing.schema().equals(canonical)) {
                return existing;
            }
        }
        List<String> violations = state.effectiveLevel(subject)
                .violations(candidate, versions.stream().map(v -> parse(v.schema())).toList());
        if (!violations.isEmpty()) {
            throw new SchemaRegistryException(RegistryError.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\" (compatibility " + state.effectiveLevel(subject) + "), details: " + violations);
        }
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        RegisteredSchema registered = new RegisteredSchema(subject, version, state.idFor(canonical), canonical);
        store(new SchemaRegistered(registered));
        return registered;
    }

    /** The version of {@code subject} holding exactly this schema. */
    public synchronized RegisteredSchema lookup(String subject, String schemaText) {
        String canonical = parse(schemaText).toString();
        requireSubject(subject);
        return state.versions(subject).stream()
                .filter(v -> v.schema().equals(canonical))
                .findFirst()
                .orElseThrow(() -> new SchemaRegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema not found"));
    }

    public synchronized String schemaById(int id) {
        return state.schemaById(id).orElseThrow(() -> new SchemaRegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + id + " not found"));
    }

    /** Every subject and version that holds the schema with this id. */
    public synchronized List<RegisteredSchema> usesOf(int id) {
        schemaById(id);
        return state.usesOf(id);
    }

    public synchronized List<String> subjects() {
        return state.subjects();
    }

    public synchronized List<RegisteredSchema> versions(String subject) {
        requireSubject(subject);
        return state.versions(subject);
    }

    /** A version of a subject; -1 means the latest. */
    public synchronized RegisteredSchema version(String subject, int version) {
        List<RegisteredSchema> versions = versions(subject);
        if (version == -1) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new SchemaRegistryException(RegistryError.VERSION_NOT_FOUND, "Version " + version + " not found."));
    }

    /**
     * Why {@code schemaText} could not be registered next under {@code subject}, checked against one
     * version (or all versions the subject's level asks for when {@code version} is null); empty when it could.
     */
    public synchronized List<String> compatibilityViolations(String subject, Integer version, String schemaText) {
        Schema candidate = parse(schemaText);
        if (!state.hasSubject(subject)) {
            return List.of();
        }
        List<RegisteredSchema> against = version == null ? state.versions(subject) : List.of(version(subject, version));
        CompatibilityLevel level = state.effectiveLevel(subject);
        return level.violations(candidate, against.stream().map(v -> parse(v.schema())).toList());
    }

    public synchronized CompatibilityLevel globalCompatibility() {
        return state.globalLevel();
    }

    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return state.subjectLevel(subject);
    }

    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        store(new CompatibilitySet(subject, level));
    }

    @Override
    public void close() {
        log.close();
    }

    private void store(SchemaLogRecord record) {
        log.append(record);
        state.apply(record);
    }

    private void requireSubject(String subject) {
        if (!state.hasSubject(subject)) {
            throw new SchemaRegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
    }

    private static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: the request has no schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (AvroRuntimeException e) {
            // SchemaParseException and bad defaults both land here.
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }
}
