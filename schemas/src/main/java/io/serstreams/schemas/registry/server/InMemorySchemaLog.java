package io.serstreams.schemas.registry.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link SchemaLog} that lives as long as the object: for a registry inside one process (unit
 * tests, offline tools) where schemas need not outlive it.
 */
public final class InMemorySchemaLog implements SchemaLog {
    private final List<SchemaLogRecord> records = new ArrayList<>();

    @Override
    public synchronized void replay(Consumer<SchemaLogRecord> apply) {
        records.forEach(apply);
    }

    @Override
    public synchronized void append(SchemaLogRecord record) {
        records.add(record);
    }

    @Override
    public void close() {
    }
}
