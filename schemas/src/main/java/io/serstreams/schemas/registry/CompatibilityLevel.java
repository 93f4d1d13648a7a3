package io.serstreams.schemas.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

import java.util.ArrayList;
import java.util.List;

/**
 * Schema evolution rules, with Confluent's names and meanings. BACKWARD: consumers on the new schema
 * read data written with the previous one. FORWARD: consumers on the previous schema read data
 * written with the new one. FULL: both. The transitive forms check every earlier version, not just
 * the latest.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /**
     * Why {@code candidate} may not follow {@code earlier} (oldest first) under this level; empty when it may.
     */
    public List<String> violations(Schema candidate, List<Schema> earlier) {
        List<String> problems = new ArrayList<>();
        if (earlier.isEmpty() || this == NONE) {
            return problems;
        }
        List<Schema> checked = transitive ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (Schema previous : checked) {
            if (newReadsOld) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous), "new schema cannot read data written with an earlier one", problems);
            }
            if (oldReadsNew) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate), "an earlier schema cannot read data written with the new one", problems);
            }
        }
        return problems;
    }

    /** Parses a level name case-insensitively; null when it names no level. */
    public static CompatibilityLevel parse(String name) {
        return EnumNames.parse(CompatibilityLevel.class, name);
    }

    private static void describe(SchemaPairCompatibility result, String direction, List<String> problems) {
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + " (" + incompatibility.getMessage() + ")");
        }
    }
}
