package io.serstreams.streamprocessor.topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer of every partition of some topics, read committed and positioned at their ends when it
 * opens: it sees what is committed from then on, as a dashboard that has just connected does. No
 * group: nothing is committed back, so watching never moves anyone's offsets.
 */
public final class TopicTail {
    private TopicTail() {
    }

    /** Opens the consumer with {@code clientProps} (bootstrap servers, and any other client settings). */
    public static KafkaConsumer<String, byte[]> open(Map<String, Object> clientProps, List<String> topics) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: resolve the end offsets now, so records produced from here on come after them.
            partitions.forEach(consumer::position);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }
}
