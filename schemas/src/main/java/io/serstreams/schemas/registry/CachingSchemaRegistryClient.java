package io.serstreams.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what never changes in a registry: the id a schema got under a subject, and the schema
 * behind an id. A serde asks these on every record; the registry is called once per schema.
 * Everything that can change (latest version, subjects, levels) goes through to the registry.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemasById = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, String schema) {
    }

    public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, String schema) {
        int id = idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> delegate.register(subject, schema));
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, String schema) {
        RegisteredSchema found = lookups.computeIfAbsent(new SubjectSchema(subject, schema), key -> delegate.lookup(subject, schema));
        schemasById.putIfAbsent(found.id(), found.schema());
        return found;
    }

    @Override
    public String schemaById(int id) {
        return schemasById.computeIfAbsent(id, delegate::schemaById);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return delegate.latest(subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return delegate.version(subject, version);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public boolean isCompatible(String subject, String schema) {
        return delegate.isCompatible(subject, schema);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return delegate.globalCompatibility();
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return delegate.compatibility(subject);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        delegate.setCompatibility(subject, level);
    }

    /** Deletes through to the registry and forgets what this client remembered of the subject's versions. */
    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        forget(subject);
        return delegate.deleteSubject(subject, permanent);
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        forget(subject);
        return delegate.deleteVersion(subject, version, permanent);
    }

    @Override
    public RegistryMode mode(String subject) {
        return delegate.mode(subject);
    }

    @Override
    public void setMode(String subject, RegistryMode mode) {
        delegate.setMode(subject, mode);
    }

    // Ids never change meaning, so schemasById stays; what a subject holds may.
    private void forget(String subject) {
        idsBySubjectSchema.keySet().removeIf(key -> key.subject().equals(subject));
        lookups.keySet().removeIf(key -> key.subject().equals(subject));
    }

    @Override
    public void close() {
        delegate.close();
    }
}
