package io.serstreams.schemas.registry;

/**
 * A schema's use of a type registered elsewhere, as Confluent's API spells it: for Avro, {@code name}
 * is the full name of the referenced type, found in {@code version} of {@code subject}.
 */
public record SchemaReference(String name, String subject, int version) {
}
