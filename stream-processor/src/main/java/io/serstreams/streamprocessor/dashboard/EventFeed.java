package io.serstreams.streamprocessor.dashboard;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The dashboard's live feed: every committed emotion event and alert (all partitions, so each
 * instance sees every call), the latest ones kept in a bounded buffer so a client that reconnects
 * resumes from its last event id, and a finished call stays viewable for {@code history}.
 */
@Singleton
@Requires(property = "ser.dashboard.enabled", notEquals = "false")
public class EventFeed implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

    private final Map<String, Object> clientProps;
    private final SchemaRegistryClient registry;
    private final int capacity;
    private final Duration history;
    private final ArrayDeque<FeedItem> buffer = new ArrayDeque<>();
    private final List<Consumer<FeedItem>> listeners = new CopyOnWriteArrayList<>();
    private long nextId = 1;
    private volatile boolean running = true;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public EventFeed(@Value("${kafka.bootstrap.servers}") String bootstrap, SchemaRegistryClient registry,
                     @Value("${ser.dashboard.buffer:20000}") int capacity, @Value("${ser.dashboard.history:1h}") Duration history) {
        this.clientProps = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.registry = registry;
        this.capacity = capacity;
        this.history = history;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "dashboard-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** Items after {@code afterId} (all buffered ones for 0), then every new one, to {@code listener}; returns the unsubscribe action. */
    public synchronized Runnable subscribe(long afterId, Consumer<FeedItem> listener) {
        for (FeedItem item : buffer) {
            if (item.id() > afterId) {
                listener.accept(item);
            }
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The buffered items of one call, oldest first. */
    public synchronized List<FeedItem> ofCall(String callId) {
        return buffer.stream().filter(i -> i.callId().equals(callId)).toList();
    }

    private synchronized void publish(String type, String callId, int channel, String domain, String rule, String json) {
        FeedItem item = new FeedItem(nextId++, type, callId, channel, domain, rule, json);
        buffer.addLast(item);
        while (buffer.size() > capacity) {
            buffer.removeFirst();
        }
        for (Consumer<FeedItem> listener : listeners) {
            listener.accept(item);
        }
    }

    private void run() {
        ConfluentAvroDeserializer<EmotionEvent> events = new ConfluentAvroDeserializer<>(registry, EmotionEvent.class);
        ConfluentAvroDeserializer<EmotionAlert> alerts = new ConfluentAvroDeserializer<>(registry, EmotionAlert.class);
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(EventTopic.EMOTION_EVENTS.topicName(), EventTopic.ALERTS.topicName())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(60)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            // Start an hour back (ser.dashboard.history), so calls that ended recently can be looked at.
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(p -> since.put(p, System.currentTimeMillis() - history.toMillis()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = offsets.get(p);
                if (at == null) {
                    consumer.seekToEnd(List.of(p));
                } else {
                    consumer.seek(p, at.offset());
                }
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        if (r.topic().equals(EventTopic.ALERTS.topicName())) {
                            EmotionAlert a = alerts.deserialize(r.topic(), r.value());
                            publish("alert", a.getCallId(), a.getChannel().getIndex(), a.getDeclaredDomain() == null ? null : a.getDeclaredDomain().getTenant(),
                                    a.getRule(), FeedJson.of(a));
                        } else {
                            EmotionEvent e = events.deserialize(r.topic(), r.value());
                            if (!e.getSpeech()) {
                                continue; // no speech, no emotion to show
                            }
                            String domain = e.getDeclaredDomain() != null && e.getDeclaredDomain().getTenant() != null ? e.getDeclaredDomain().getTenant()
                                    : e.getNearestDomain().getDomain();
                            publish("emotion", e.getCallId(), e.getChannel().getIndex(), domain, null, FeedJson.of(e));
                        }
                    } catch (RuntimeException ex) {
                        LOG.warn("dashboard feed: skipping an unreadable record of call {} on {}: {}", r.key(), r.topic(), ex.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("dashboard feed stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @PreDestroy
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
