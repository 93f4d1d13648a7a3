package io.serstreams.schemas.serde;

import io.serstreams.schemas.registry.CachingSchemaRegistryClient;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.RegistryError;
import io.serstreams.schemas.registry.RestSchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryException;
import io.serstreams.schemas.serde.WireFormatException.Reason;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes Avro records (generated or generic) in Confluent's wire format, under the subject
 * {@code <topic>-value} or {@code <topic>-key}, registering the schema when allowed.
 */
public class ConfluentAvroSerializer<T extends IndexedRecord> implements Serializer<T> {
    private SchemaRegistryClient registry;
    private AvroSerdeConfig config = new AvroSerdeConfig(true, false);
    private boolean isKey;
    private boolean ownsRegistry;
    private final Map<Schema, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> genericWriters = new ConcurrentHashMap<>();
    /** Registered ids by subject, then schema: a schema's hash is cached by Avro, so a lookup does not print the schema again. */
    private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction: {@link #configure} then builds the registry client. */
    public ConfluentAvroSerializer() {
        TrustedAvroPackage.install();
    }

    /** Uses {@code registry} (shared, with its own cache) instead of building a client in {@link #configure}. */
    public ConfluentAvroSerializer(SchemaRegistryClient registry) {
        this();
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.config = AvroSerdeConfig.from(configs);
        if (registry == null) {
            registry = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(configs)));
            ownsRegistry = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("ConfluentAvroSerializer used before configure(): set " + RegistryClientConfig.URL);
        }
        Schema schema = record.getSchema();
        int id = schemaId(WireFormat.subject(topic, isKey), schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(WireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writerFor(record).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(Reason.NOT_AN_AVRO_RECORD,
                    "could not encode a " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int schemaId(String subject, Schema schema) {
        return ids.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).computeIfAbsent(schema, key -> {
            String text = schema.toString();
            try {
                return config.autoRegister() ? registry.register(subject, text) : registry.lookup(subject, text).id();
            } catch (SchemaRegistryException e) {
                Reason reason = e.error() == RegistryError.UNEXPECTED_RESPONSE || e.httpStatus() >= 500
                        ? Reason.REGISTRY_UNAVAILABLE : Reason.SCHEMA_REJECTED;
                throw new WireFormatException(reason, "schema " + schema.getFullName() + " for subject " + subject + ": " + e.getMessage(), e);
            }
        });
    }

    private DatumWriter<T> writerFor(T record) {
        // Generated classes carry their own model (with logical-type conversions); generic records use plain values.
        return record instanceof SpecificRecord
                ? specificWriters.computeIfAbsent(record.getSchema(), s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)))
                : genericWriters.computeIfAbsent(record.getSchema(), s -> new GenericDatumWriter<>(s, GenericData.get()));
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }
}
