package io.serstreams.schemas.registry.server;

import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.RegistryError;
import io.serstreams.schemas.registry.SchemaReference;
import io.serstreams.schemas.registry.SchemaRegistryException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Parses Avro schema text after the registered versions it references (and the ones they
 * reference), so it may use the named types they define; a reference to a version that does not
 * exist, or text Avro refuses, is an invalid schema (42201) said in plain words.
 */
final class AvroSchemaParser {
    private static final int MAX_DEPTH = 32;

    /** A schema parsed with its references, and the text it is stored and compared as (referenced types by name only). */
    record ParsedSchema(Schema schema, String canonical, List<SchemaReference> references) {
    }

    private final BiFunction<String, Integer, Optional<RegisteredSchema>> versions;

    /** @param versions finds a stored version of a subject, deleted or not */
    AvroSchemaParser(BiFunction<String, Integer, Optional<RegisteredSchema>> versions) {
        this.versions = versions;
    }

    ParsedSchema parse(String schemaText, List<SchemaReference> references) {
        if (schemaText == null || schemaText.isBlank()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: the request has no schema");
        }
        Schema.Parser parser = new Schema.Parser();
        Set<String> loaded = new HashSet<>();
        for (SchemaReference reference : references) {
            load(parser, reference, loaded, 0);
        }
        List<Schema> referenced = new ArrayList<>(parser.getTypes().values());
        Schema schema;
        try {
            schema = parser.parse(schemaText);
        } catch (AvroRuntimeException e) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: " + InvalidSchemaMessage.of(e, !references.isEmpty()));
        }
        String canonical = referenced.isEmpty() ? schema.toString() : schema.toString(referenced, false);
        return new ParsedSchema(schema, canonical, List.copyOf(references));
    }

    private void load(Schema.Parser parser, SchemaReference reference, Set<String> loaded, int depth) {
        if (reference.subject() == null || reference.subject().isBlank() || reference.name() == null || reference.name().isBlank()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: every reference needs a name, a subject and a version");
        }
        if (depth > MAX_DEPTH) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: its references nest more than " + MAX_DEPTH + " deep");
        }
        RegisteredSchema target = versions.apply(reference.subject(), reference.version()).orElseThrow(() -> new SchemaRegistryException(
                RegistryError.INVALID_SCHEMA, "Invalid schema: reference \"" + reference.name() + "\" points to version " + reference.version()
                + " of subject '" + reference.subject() + "', which does not exist"));
        // Two references may share a dependency; Avro refuses a type defined twice.
        if (!loaded.add(reference.subject() + "\u0000" + reference.version())) {
            return;
        }
        for (SchemaReference nested : target.references()) {
            load(parser, nested, loaded, depth + 1);
        }
        try {
            parser.parse(target.schema());
        } catch (AvroRuntimeException e) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: reference \"" + reference.name()
                    + "\" (subject '" + reference.subject() + "' version " + reference.version() + ") clashes with another: "
                    + InvalidSchemaMessage.of(e, true));
        }
    }
}
