package io.serstreams.schemas.registry.server;

import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.RegistryMode;

/**
 * One change to the registry, as written to and replayed from its {@link SchemaLog}. A record
 * about a subject version, a subject's config or its mode replaces the previous one about the same
 * thing; the {@code ...Removed} records are the tombstones that erase it.
 */
public sealed interface SchemaLogRecord {

    /** A version of a subject, new or (when {@code deleted}) soft-deleted. */
    record SchemaRegistered(RegisteredSchema schema, boolean deleted) implements SchemaLogRecord {
    }

    /** A version permanently deleted. */
    record SchemaRemoved(String subject, int version) implements SchemaLogRecord {
    }

    /** A subject soft-deleted: every version up to {@code upToVersion} is deleted. */
    record SubjectDeleted(String subject, int upToVersion) implements SchemaLogRecord {
    }

    /** A compatibility level set on a subject, or globally when {@code subject} is null. */
    record CompatibilitySet(String subject, CompatibilityLevel level) implements SchemaLogRecord {
    }

    /** A subject's level removed (it follows the global one again), or the global level reset when {@code subject} is null. */
    record CompatibilityRemoved(String subject) implements SchemaLogRecord {
    }

    /** A mode set on a subject, or globally when {@code subject} is null. */
    record ModeSet(String subject, RegistryMode mode) implements SchemaLogRecord {
    }

    /** A subject's mode removed, or the global mode reset when {@code subject} is null. */
    record ModeRemoved(String subject) implements SchemaLogRecord {
    }

    /**
     * The highest id ever handed out, written before a permanent delete: once compaction drops the
     * deleted version, the log would otherwise forget its id and hand it out again.
     */
    record IdWatermark(int maxId) implements SchemaLogRecord {
    }
}
