package io.serstreams.schemas.serde;

import io.serstreams.schemas.registry.CachingSchemaRegistryClient;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.RestSchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryException;
import io.serstreams.schemas.serde.WireFormatException.Reason;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads Confluent wire-format Avro: looks up the writer's schema by the id in the header and
 * resolves it against the reader's schema (the generated class's, when one is given), so records
 * written with an older or newer compatible schema decode. Every malformed record fails with a
 * {@link WireFormatException} naming what was wrong.
 */
public class ConfluentAvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {
    private final Class<T> type;
    private SchemaRegistryClient registry;
    private boolean ownsRegistry;
    private AvroSerdeConfig config = new AvroSerdeConfig(true, false);
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction: decodes to generic records, or to generated classes with {@code specific.avro.reader=true}. */
    public ConfluentAvroDeserializer() {
        this(null, null);
    }

    /**
     * @param registry shared registry client, or null to build one in {@link #configure}
     * @param type     generated class to decode into (its schema is the reader's schema), or null for generic records
     */
    public ConfluentAvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        TrustedAvroPackage.install();
        this.registry = registry;
        this.type = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs);
        if (registry == null) {
            registry = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(configs)));
            ownsRegistry = true;
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("ConfluentAvroDeserializer used before configure(): set " + RegistryClientConfig.URL);
        }
        int id = WireFormat.schemaId(data);
        DatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
        T value;
        try {
            value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new WireFormatException(Reason.CORRUPT_PAYLOAD, "record on " + topic + " with schema id " + id
                        + " has bytes left over after the Avro body");
            }
        } catch (EOFException e) {
            throw new WireFormatException(Reason.TRUNCATED_PAYLOAD, "record on " + topic + " with schema id " + id
                    + " ends before its Avro body does (" + data.length + " bytes)", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof WireFormatException wire) {
                throw wire;
            }
            // Corrupt bytes show up as many runtime exceptions (negative lengths, bad union index, bad UTF-8...).
            throw new WireFormatException(Reason.CORRUPT_PAYLOAD, "record on " + topic + " with schema id " + id
                    + " does not decode: " + e, e);
        }
        return value;
    }

    private DatumReader<T> readerFor(int id) {
        Schema writer = writerSchema(id);
        if (type != null) {
            SpecificData model = SpecificData.getForClass(type);
            Schema reader = model.getSchema(type);
            SchemaCompatibility.SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
            if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new WireFormatException(Reason.INCOMPATIBLE_SCHEMA, type.getSimpleName() + " cannot read data written with schema id "
                        + id + " (" + writer.getFullName() + "): " + compatibility.getDescription());
            }
            return new SpecificDatumReader<>(writer, reader, model);
        }
        if (config.specificReader()) {
            return new SpecificDatumReader<>(writer, writer, SpecificData.getForSchema(writer));
        }
        return new GenericDatumReader<>(writer, writer, GenericData.get());
    }

    private Schema writerSchema(int id) {
        String text;
        try {
            text = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new WireFormatException(e.isNotFound() ? Reason.UNKNOWN_SCHEMA_ID : Reason.REGISTRY_UNAVAILABLE,
                    "schema id " + id + ": " + e.getMessage(), e);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException e) {
            throw new WireFormatException(Reason.UNPARSEABLE_SCHEMA, "the registry's schema " + id + " is not valid Avro: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }
}
