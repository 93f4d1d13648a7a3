package io.serstreams.schemas.registry;

import io.serstreams.schemas.registry.server.InMemorySchemaLog;
import io.serstreams.schemas.registry.server.SchemaRegistryService;

import java.util.List;

/**
 * A {@link SchemaRegistryClient} that calls a {@link SchemaRegistryService} in this JVM instead of
 * going over HTTP: the same rules and errors, for topology unit tests and single-process tools.
 */
public final class LocalSchemaRegistryClient implements SchemaRegistryClient {
    private final SchemaRegistryService service;

    public LocalSchemaRegistryClient(SchemaRegistryService service) {
        this.service = service;
    }

    /** A client over a fresh in-memory registry with BACKWARD compatibility. */
    public static LocalSchemaRegistryClient inMemory() {
        return new LocalSchemaRegistryClient(new SchemaRegistryService(new InMemorySchemaLog(), CompatibilityLevel.BACKWARD));
    }

    @Override
    public int register(String subject, String schema) {
        return service.register(subject, schema).id();
    }

    @Override
    public RegisteredSchema lookup(String subject, String schema) {
        return service.lookup(subject, schema);
    }

    @Override
    public String schemaById(int id) {
        return service.schemaById(id).schema();
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return service.version(subject, -1);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return service.version(subject, version);
    }

    @Override
    public List<String> subjects() {
        return service.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return service.versions(subject).stream().map(RegisteredSchema::version).toList();
    }

    @Override
    public boolean isCompatible(String subject, String schema) {
        return service.compatibilityViolations(subject, null, schema).isEmpty();
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return service.globalCompatibility();
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return service.subjectCompatibility(subject).orElse(service.globalCompatibility());
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        service.setCompatibility(subject, level);
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return service.deleteSubject(subject, permanent);
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        return service.deleteVersion(subject, version, permanent);
    }

    @Override
    public RegistryMode mode(String subject) {
        return subject == null ? service.globalMode() : service.subjectMode(subject).orElse(service.globalMode());
    }

    @Override
    public void setMode(String subject, RegistryMode mode) {
        service.setMode(subject, mode, false);
    }
}
