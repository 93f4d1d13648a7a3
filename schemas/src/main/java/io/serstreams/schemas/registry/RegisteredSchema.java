package io.serstreams.schemas.registry;

/**
 * One version of a subject: the schema text, its registry-wide id and its version under the subject.
 */
public record RegisteredSchema(String subject, int version, int id, String schema) {
}
