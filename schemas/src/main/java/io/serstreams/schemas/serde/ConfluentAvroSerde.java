package io.serstreams.schemas.serde;

import io.serstreams.schemas.registry.SchemaRegistryClient;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;

/**
 * A Kafka {@link Serde} for Avro records in Confluent's wire format, interoperable with Confluent's
 * {@code KafkaAvroSerializer} and {@code KafkaAvroDeserializer}.
 */
public final class ConfluentAvroSerde<T extends IndexedRecord> implements Serde<T> {
    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;

    private ConfluentAvroSerde(SchemaRegistryClient registry, Class<T> type) {
        this.serializer = registry == null ? new ConfluentAvroSerializer<>() : new ConfluentAvroSerializer<>(registry);
        this.deserializer = new ConfluentAvroDeserializer<>(registry, type);
    }

    /** A serde for a generated class; call {@link #configure} with {@code schema.registry.url}. */
    public static <T extends IndexedRecord> ConfluentAvroSerde<T> specific(Class<T> type) {
        return new ConfluentAvroSerde<>(null, type);
    }

    /** A serde for a generated class over a shared registry client. */
    public static <T extends IndexedRecord> ConfluentAvroSerde<T> specific(Class<T> type, SchemaRegistryClient registry) {
        return new ConfluentAvroSerde<>(registry, type);
    }

    /** A serde for generic records over a shared registry client. */
    public static ConfluentAvroSerde<GenericRecord> generic(SchemaRegistryClient registry) {
        return new ConfluentAvroSerde<>(registry, null);
    }

    /** Configures a serde for values (or keys) in one call, returning it. */
    public ConfluentAvroSerde<T> configured(Map<String, ?> configs, boolean isKey) {
        configure(configs, isKey);
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
