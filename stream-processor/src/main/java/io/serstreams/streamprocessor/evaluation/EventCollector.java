package io.serstreams.streamprocessor.evaluation;

import io.serstreams.schema.EmotionEvent;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import io.serstreams.streamprocessor.topics.TopicTail;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the committed emotion events of some calls from {@code emotion.events}, from the topic's end at the time
 * it opens: what a dashboard would have seen of them. Each segment counts once (a redelivered event is dropped).
 */
final class EventCollector implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final ConfluentAvroDeserializer<EmotionEvent> deserializer;
    private final Set<String> calls;
    private final Set<String> seen = new HashSet<>();
    private final List<EmotionEvent> events = new ArrayList<>();

    EventCollector(String bootstrap, SchemaRegistryClient registry, Set<String> calls) {
        this.calls = Set.copyOf(calls);
        this.deserializer = new ConfluentAvroDeserializer<>(registry, EmotionEvent.class);
        this.consumer = TopicTail.open(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                List.of(EventTopic.EMOTION_EVENTS.topicName()));
    }

    /**
     * Polls until no event of the calls has come for {@code quiet} since the last one, or {@code limit} has
     * passed; returns the events read so far. The quiet time starts at the first event: every segment of a
     * call gets an event, speech or not, so none at all means the pipeline has not got to the calls yet (a
     * loaded machine, a model still warming up; a pool pass once read nothing because of it).
     */
    List<EmotionEvent> drain(Duration quiet, Duration limit) {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        long lastEvent = 0;
        while (System.currentTimeMillis() < deadline) {
            if (poll(Duration.ofMillis(200)) > 0) {
                lastEvent = System.currentTimeMillis();
            }
            if (lastEvent > 0 && System.currentTimeMillis() - lastEvent >= quiet.toMillis()) {
                break;
            }
        }
        return List.copyOf(events);
    }

    /** Reads what has arrived; returns how many new events of the calls came. */
    private int poll(Duration timeout) {
        int added = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            if (!calls.contains(r.key())) {
                continue;
            }
            EmotionEvent e = deserializer.deserialize(r.topic(), r.value());
            if (seen.add(e.getCallId() + "/" + e.getChannel().getIndex() + "/" + e.getSegmentIndex())) {
                events.add(e);
                added++;
            }
        }
        return added;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
