package io.serstreams.schemas.registry.server;

import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.RegistryError;
import io.serstreams.schemas.registry.RegistryMode;
import io.serstreams.schemas.registry.SchemaRegistryException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The schema log's records survive Kafka's log compaction: replaying only the latest record of each
 * key, with tombstones gone, rebuilds the same registry, and no id is handed out twice.
 */
class SchemaLogCompactionTest {
    private static final String A = "{\"type\":\"record\",\"name\":\"A\",\"fields\":[]}";
    private static final String B = "{\"type\":\"record\",\"name\":\"B\",\"fields\":[]}";
    private static final String B2 = "{\"type\":\"record\",\"name\":\"B\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":0}]}";

    /** What a compacted topic holds once the cleaner has run: per key, its latest value, in the order of those values; no tombstones. */
    private static final class CompactedLog implements SchemaLog {
        private final SchemaLogCodec codec = new SchemaLogCodec();
        private final Map<String, String> latest = new LinkedHashMap<>();

        @Override
        public void replay(Consumer<SchemaLogRecord> apply) {
            latest.forEach((key, value) -> apply.accept(codec.decode(key, value)));
        }

        @Override
        public void append(SchemaLogRecord record) {
            String key = codec.key(record);
            String value = codec.value(record);
            latest.remove(key);
            if (value != null) {
                latest.put(key, value);
            }
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aCompactedLogRebuildsTheRegistryAndNeverReusesAnId() {
        CompactedLog log = new CompactedLog();
        SchemaRegistryService first = new SchemaRegistryService(log, CompatibilityLevel.BACKWARD);
        int a = first.register("a-value", A).id();
        first.register("b-value", B);
        int b2 = first.register("b-value", B2).id();
        first.deleteVersion("b-value", 2, false);
        first.deleteSubject("a-value", false);
        first.deleteSubject("a-value", true);
        first.deleteVersion("b-value", 2, true);
        first.setMode("b-value", RegistryMode.READONLY, false);
        first.setCompatibility("b-value", CompatibilityLevel.FULL);
        first.deleteCompatibility("b-value");

        SchemaRegistryService second = new SchemaRegistryService(log, CompatibilityLevel.BACKWARD);
        assertThat(second.subjects("", true)).containsExactly("b-value");
        assertThat(second.versions("b-value", true)).extracting(RegisteredSchema::version).containsExactly(1);
        assertThat(second.subjectMode("b-value")).contains(RegistryMode.READONLY);
        assertThat(second.subjectCompatibility("b-value")).isEmpty();
        assertThatThrownBy(() -> second.schemaById(a))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.SCHEMA_NOT_FOUND));
        assertThat(second.maxId()).isEqualTo(b2);
        second.setMode("b-value", RegistryMode.READWRITE, false);
        assertThat(second.register("a-value", A).id()).isGreaterThan(b2);
    }

    @Test
    void aSoftDeletedSubjectStaysDeletedAfterCompactionAndLaterVersionsStayLive() {
        CompactedLog log = new CompactedLog();
        SchemaRegistryService first = new SchemaRegistryService(log, CompatibilityLevel.NONE);
        first.register("s-value", A);
        first.register("s-value", B);
        first.deleteSubject("s-value", false);
        first.register("s-value", B2);

        SchemaRegistryService second = new SchemaRegistryService(log, CompatibilityLevel.NONE);
        assertThat(second.versions("s-value", false)).extracting(RegisteredSchema::version).containsExactly(3);
        assertThat(second.versions("s-value", true)).extracting(RegisteredSchema::version).containsExactly(1, 2, 3);
    }
}
