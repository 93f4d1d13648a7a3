package io.serstreams.schemas.registry.server;

import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegisteredSchema;

/** One change to the registry, as written to and replayed from its {@link SchemaLog}. */
public sealed interface SchemaLogRecord {

    /** A new version of a subject. */
    record SchemaRegistered(RegisteredSchema schema) implements SchemaLogRecord {
    }

    /** A compatibility level set on a subject, or globally when {@code subject} is null. */
    record CompatibilitySet(String subject, CompatibilityLevel level) implements SchemaLogRecord {
    }
}
