package io.serstreams.streamprocessor.testing;

import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What a read-committed consumer sees of one call on a topic, read from the beginning. */
public final class CommittedRecords {
    private CommittedRecords() {
    }

    /**
     * Reads {@code callId}'s records until {@code done} holds for what was read or {@code timeout}
     * passes, then goes on reading for {@code settle}, so a record written late (a duplicate) is
     * seen too.
     */
    public static <T extends SpecificRecord> List<T> read(String bootstrap, SchemaRegistryClient registry, String topic, Class<T> type, String callId,
                                                         Predicate<List<T>> done, Duration timeout, Duration settle) {
        ConfluentAvroDeserializer<T> deserializer = new ConfluentAvroDeserializer<>(registry, type);
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (!done.test(out) && System.currentTimeMillis() < deadline) {
                poll(consumer, deserializer, topic, callId, out);
            }
            long settled = System.currentTimeMillis() + settle.toMillis();
            while (System.currentTimeMillis() < settled) {
                poll(consumer, deserializer, topic, callId, out);
            }
        }
        return out;
    }

    private static <T extends SpecificRecord> void poll(KafkaConsumer<String, byte[]> consumer, ConfluentAvroDeserializer<T> deserializer, String topic,
                                                       String callId, List<T> out) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (callId.equals(r.key())) {
                out.add(deserializer.deserialize(topic, r.value()));
            }
        }
    }
}
