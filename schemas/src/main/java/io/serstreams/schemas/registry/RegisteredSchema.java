package io.serstreams.schemas.registry;

import java.util.List;

/**
 * One version of a subject: the schema text, its registry-wide id, its version under the subject,
 * and the types it takes from other subjects.
 */
public record RegisteredSchema(String subject, int version, int id, String schema, List<SchemaReference> references) {

    public RegisteredSchema {
        references = List.copyOf(references);
    }

    /** A version that references nothing. */
    public RegisteredSchema(String subject, int version, int id, String schema) {
        this(subject, version, id, schema, List.of());
    }
}
