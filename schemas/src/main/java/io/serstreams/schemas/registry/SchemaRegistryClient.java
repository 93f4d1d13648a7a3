package io.serstreams.schemas.registry;

import java.util.List;

/**
 * The subset of Confluent Schema Registry's REST API that SER Streams uses. Schemas travel as Avro
 * schema JSON text. Every failure is a {@link SchemaRegistryException} naming the registry's error.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its registry-wide id. */
    int register(String subject, String schema);

    /** Finds {@code schema} among the versions of {@code subject}, without registering it. */
    RegisteredSchema lookup(String subject, String schema);

    /** The schema text with this id. */
    String schemaById(int id);

    /** The latest version of a subject. */
    RegisteredSchema latest(String subject);

    /** One version of a subject. */
    RegisteredSchema version(String subject, int version);

    /** All subjects, sorted. */
    List<String> subjects();

    /** The versions of one subject, ascending. */
    List<Integer> versions(String subject);

    /** Whether {@code schema} may be registered next under {@code subject}, by its compatibility level. */
    boolean isCompatible(String subject, String schema);

    /** The global compatibility level. */
    CompatibilityLevel globalCompatibility();

    /** The level set on a subject, falling back to the global level when the subject has none. */
    CompatibilityLevel compatibility(String subject);

    /** Sets a subject's level, or the global level when {@code subject} is null. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /**
     * Deletes a subject: softly (its versions stay readable by id), or permanently, which the
     * registry allows only after a soft delete. Returns the versions deleted.
     */
    List<Integer> deleteSubject(String subject, boolean permanent);

    /** Deletes one version of a subject (-1: the latest), softly or (after that) permanently; returns the version deleted. */
    int deleteVersion(String subject, int version, boolean permanent);

    /** The mode set on a subject, falling back to the global mode; the global mode when {@code subject} is null. */
    RegistryMode mode(String subject);

    /** Sets a subject's mode, or the global mode when {@code subject} is null. */
    void setMode(String subject, RegistryMode mode);

    @Override
    default void close() {
    }
}
