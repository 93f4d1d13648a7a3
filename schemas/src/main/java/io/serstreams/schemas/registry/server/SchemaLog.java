package io.serstreams.schemas.registry.server;

import java.util.function.Consumer;

/**
 * Where a registry keeps its changes so they outlive the process: every change is appended before it
 * takes effect, and a restarted registry replays them all.
 */
public interface SchemaLog extends AutoCloseable {

    /** Hands every stored change, oldest first, to {@code apply}. */
    void replay(Consumer<SchemaLogRecord> apply);

    /** Stores a change durably; returns only once it is stored. */
    void append(SchemaLogRecord record);

    @Override
    void close();
}
