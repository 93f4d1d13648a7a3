package io.serstreams.schemas.registry.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.avro.AvroRuntimeException;

/**
 * What was wrong with a schema that Avro refused, in words for the person who sent it: Avro wraps
 * JSON syntax errors in its parser's exception, whose message names parser classes and source
 * placeholders; those become the problem and its line and column.
 */
final class InvalidSchemaMessage {
    private static final String UNDEFINED = "Undefined schema: ";

    private InvalidSchemaMessage() {
    }

    /** The problem {@code e} reports, for a schema that did (or did not) come with references. */
    static String of(AvroRuntimeException e, boolean withReferences) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return "the schema is " + notJson(json);
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith(UNDEFINED)) {
            String type = message.substring(UNDEFINED.length());
            return "the schema uses the type " + type + ", which it does not define" + (withReferences
                    ? " and none of its references defines"
                    : "; register that type under a subject of its own and add a reference to it (name, subject, version)");
        }
        return message;
    }

    /** A JSON syntax error, as the problem and where it is, without the parser's source placeholders. */
    static String notJson(JsonProcessingException json) {
        String problem = json.getOriginalMessage();
        int source = problem.indexOf(" (start marker at");
        if (source < 0) {
            source = problem.indexOf("\n");
        }
        if (source >= 0) {
            problem = problem.substring(0, source);
        }
        JsonLocation at = json.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "not valid JSON" + where + ": " + problem;
    }
}
