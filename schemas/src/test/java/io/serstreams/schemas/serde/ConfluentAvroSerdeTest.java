package io.serstreams.schemas.serde;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schemas.registry.CachingSchemaRegistryClient;
import io.serstreams.schemas.registry.RegisteredSchema;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.RestSchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.serde.WireFormatException.Reason;
import io.serstreams.schemas.testkit.SampleEvents;
import io.serstreams.schemas.testkit.TestRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfluentAvroSerdeTest {
    private static SchemaRegistryServer server;
    private static Map<String, Object> config;

    @BeforeAll
    static void start() {
        server = TestRegistry.start();
        config = Map.of(RegistryClientConfig.URL, server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ConfluentAvroSerde<AudioChunk> chunkSerde() {
        return ConfluentAvroSerde.specific(AudioChunk.class).configured(config, false);
    }

    private static void assertReason(Runnable action, Reason reason) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void roundTripsAGeneratedRecordInConfluentFormat() throws Exception {
        AudioChunk chunk = SampleEvents.audioChunk("call-1", 3);
        try (ConfluentAvroSerde<AudioChunk> serde = chunkSerde();
             SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
            byte[] bytes = serde.serializer().serialize("rt.chunks", chunk);

            RegisteredSchema registered = client.latest("rt.chunks-value");
            assertThat(bytes[0]).isEqualTo((byte) 0);
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registered.id());
            assertThat(serde.deserializer().deserialize("rt.chunks", bytes)).isEqualTo(chunk);

            // Plain Avro, knowing nothing of the registry, decodes everything after the 5-byte header.
            SpecificDatumReader<AudioChunk> plain = new SpecificDatumReader<>(AudioChunk.class);
            AudioChunk decoded = plain.read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
            assertThat(decoded).isEqualTo(chunk);
        }
    }

    @Test
    void keysGoUnderTheKeySubject() {
        try (ConfluentAvroSerde<AudioChunk> serde = ConfluentAvroSerde.specific(AudioChunk.class).configured(config, true);
             SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
            serde.serializer().serialize("keyed", SampleEvents.audioChunk("c", 0));
            assertThat(client.subjects()).contains("keyed-key").doesNotContain("keyed-value");
        }
    }

    @Test
    void genericRecordsRoundTripAndInteroperateWithGeneratedOnes() {
        AudioChunk chunk = SampleEvents.audioChunk("call-2", 0);
        try (SchemaRegistryClient client = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(RegistryClientConfig.of(server.url())));
             ConfluentAvroSerde<GenericRecord> generic = ConfluentAvroSerde.generic(client).configured(Map.of(), false);
             ConfluentAvroSerde<AudioChunk> specific = ConfluentAvroSerde.specific(AudioChunk.class, client).configured(Map.of(), false)) {
            GenericRecord asGeneric = generic.deserializer().deserialize("gen", specific.serializer().serialize("gen", chunk));
            assertThat(asGeneric.get("callId").toString()).isEqualTo("call-2");
            // Generic records carry logical timestamps as epoch milliseconds.
            assertThat(asGeneric.get("captureTime")).isEqualTo(chunk.getCaptureTime().toEpochMilli());
            assertThat(specific.deserializer().deserialize("gen", generic.serializer().serialize("gen", asGeneric))).isEqualTo(chunk);
        }
    }

    @Test
    void readsRecordsWrittenWithAnOlderSchema() {
        // An older AudioChunk without the optional declaredDomain and endOfCall fields.
        Schema current = AudioChunk.getClassSchema();
        Schema older = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false,
                current.getFields().stream()
                        .filter(f -> !f.name().equals("declaredDomain") && !f.name().equals("endOfCall"))
                        .map(f -> new Schema.Field(f, f.schema()))
                        .toList());
        assertThat(older.getField("declaredDomain")).isNull();
        assertThat(older.getField("endOfCall")).isNull();

        GenericRecord old = new GenericData.Record(older);
        AudioChunk sample = SampleEvents.audioChunk("old-call", 1);
        for (Schema.Field field : older.getFields()) {
            Object value = sample.get(field.name());
            old.put(field.name(), value instanceof java.time.Instant instant ? instant.toEpochMilli() : generic(value, field.schema()));
        }
        try (SchemaRegistryClient client = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(RegistryClientConfig.of(server.url())));
             ConfluentAvroSerde<GenericRecord> writer = ConfluentAvroSerde.generic(client).configured(Map.of(), false);
             ConfluentAvroSerde<AudioChunk> reader = ConfluentAvroSerde.specific(AudioChunk.class, client).configured(Map.of(), false)) {
            AudioChunk read = reader.deserializer().deserialize("evolving", writer.serializer().serialize("evolving", old));
            assertThat(read.getCallId()).isEqualTo("old-call");
            assertThat(read.getPayload()).isEqualTo(sample.getPayload());
            assertThat(read.getDeclaredDomain()).isNull();
            assertThat(read.getEndOfCall()).isFalse();
        }
    }

    private static Object generic(Object value, Schema schema) {
        if (value instanceof org.apache.avro.specific.SpecificRecord record) {
            return GenericData.get().deepCopy(record.getSchema(), record);
        }
        if (value instanceof Enum<?> symbol) {
            return new GenericData.EnumSymbol(schema, symbol.name());
        }
        return value;
    }

    @Test
    void namesWhatIsWrongWithABadRecord() {
        try (ConfluentAvroSerde<AudioChunk> serde = chunkSerde()) {
            byte[] good = serde.serializer().serialize("bad.chunks", SampleEvents.audioChunk("call-3", 0));

            byte[] badMagic = good.clone();
            badMagic[0] = 7;
            assertReason(() -> serde.deserializer().deserialize("bad.chunks", badMagic), Reason.BAD_MAGIC_BYTE);

            byte[] unknownId = good.clone();
            ByteBuffer.wrap(unknownId).putInt(1, 999_999);
            assertReason(() -> serde.deserializer().deserialize("bad.chunks", unknownId), Reason.UNKNOWN_SCHEMA_ID);

            assertReason(() -> serde.deserializer().deserialize("bad.chunks", Arrays.copyOf(good, good.length - 10)), Reason.TRUNCATED_PAYLOAD);
            assertReason(() -> serde.deserializer().deserialize("bad.chunks", Arrays.copyOf(good, 3)), Reason.TRUNCATED_PAYLOAD);
            assertReason(() -> serde.deserializer().deserialize("bad.chunks", Arrays.copyOf(good, good.length + 4)), Reason.CORRUPT_PAYLOAD);

            byte[] garbage = good.clone();
            Arrays.fill(garbage, 5, garbage.length, (byte) 0xff);
            assertReason(() -> serde.deserializer().deserialize("bad.chunks", garbage), Reason.CORRUPT_PAYLOAD);
        }
    }

    @Test
    void refusesToReadAnIncompatibleWriterSchema() {
        try (SchemaRegistryClient client = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(RegistryClientConfig.of(server.url())));
             ConfluentAvroSerde<AudioChunk> chunks = ConfluentAvroSerde.specific(AudioChunk.class, client).configured(Map.of(), false);
             ConfluentAvroSerde<EmotionEvent> events = ConfluentAvroSerde.specific(EmotionEvent.class, client).configured(Map.of(), false)) {
            byte[] chunk = chunks.serializer().serialize("mixed", SampleEvents.audioChunk("call-4", 0));
            assertThatThrownBy(() -> events.deserializer().deserialize("mixed", chunk))
                    .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA))
                    .hasMessageContaining("EmotionEvent");
        }
    }

    @Test
    void withoutAutoRegistrationAnUnknownSchemaIsRejected() {
        Map<String, Object> noAutoRegister = Map.of(RegistryClientConfig.URL, server.url(), AvroSerdeConfig.AUTO_REGISTER, "false");
        try (ConfluentAvroSerde<AudioChunk> serde = ConfluentAvroSerde.specific(AudioChunk.class).configured(noAutoRegister, false)) {
            assertThatThrownBy(() -> serde.serializer().serialize("never-registered", SampleEvents.audioChunk("c", 0)))
                    .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_REJECTED))
                    .hasMessageContaining("never-registered-value");
        }
        try (ConfluentAvroSerde<AudioChunk> registering = chunkSerde();
             ConfluentAvroSerde<AudioChunk> serde = ConfluentAvroSerde.specific(AudioChunk.class).configured(noAutoRegister, false)) {
            registering.serializer().serialize("pre-registered", SampleEvents.audioChunk("c", 0));
            assertThat(serde.serializer().serialize("pre-registered", SampleEvents.audioChunk("c", 1))).isNotEmpty();
        }
    }

    @Test
    void asksTheRegistryOncePerSchema() {
        AtomicInteger registrations = new AtomicInteger();
        AtomicInteger lookupsById = new AtomicInteger();
        SchemaRegistryClient rest = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()));
        SchemaRegistryClient counting = new CountingClient(rest, registrations, lookupsById);
        try (ConfluentAvroSerde<AudioChunk> serde = ConfluentAvroSerde.specific(AudioChunk.class, new CachingSchemaRegistryClient(counting))
                .configured(Map.of(), false)) {
            for (int i = 0; i < 50; i++) {
                serde.deserializer().deserialize("cached", serde.serializer().serialize("cached", SampleEvents.audioChunk("c", i)));
            }
        }
        assertThat(registrations).hasValue(1);
        assertThat(lookupsById).hasValueLessThanOrEqualTo(1);
    }

    /** Counts calls on their way to a real registry. */
    private record CountingClient(SchemaRegistryClient real, AtomicInteger registrations, AtomicInteger lookupsById)
            implements SchemaRegistryClient {
        public int register(String subject, String schema) {
            registrations.incrementAndGet();
            return real.register(subject, schema);
        }

        public String schemaById(int id) {
            lookupsById.incrementAndGet();
            return real.schemaById(id);
        }

        public RegisteredSchema lookup(String subject, String schema) {
            return real.lookup(subject, schema);
        }

        public RegisteredSchema latest(String subject) {
            return real.latest(subject);
        }

        public RegisteredSchema version(String subject, int version) {
            return real.version(subject, version);
        }

        public java.util.List<String> subjects() {
            return real.subjects();
        }

        public java.util.List<Integer> versions(String subject) {
            return real.versions(subject);
        }

        public boolean isCompatible(String subject, String schema) {
            return real.isCompatible(subject, schema);
        }

        public io.serstreams.schemas.registry.CompatibilityLevel globalCompatibility() {
            return real.globalCompatibility();
        }

        public io.serstreams.schemas.registry.CompatibilityLevel compatibility(String subject) {
            return real.compatibility(subject);
        }

        public void setCompatibility(String subject, io.serstreams.schemas.registry.CompatibilityLevel level) {
            real.setCompatibility(subject, level);
        }

        public java.util.List<Integer> deleteSubject(String subject, boolean permanent) {
            return real.deleteSubject(subject, permanent);
        }

        public int deleteVersion(String subject, int version, boolean permanent) {
            return real.deleteVersion(subject, version, permanent);
        }

        public io.serstreams.schemas.registry.RegistryMode mode(String subject) {
            return real.mode(subject);
        }

        public void setMode(String subject, io.serstreams.schemas.registry.RegistryMode mode) {
            real.setMode(subject, mode);
        }
    }
}
