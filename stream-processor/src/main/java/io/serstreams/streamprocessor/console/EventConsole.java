package io.serstreams.streamprocessor.console;

import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import io.serstreams.streamprocessor.topics.TopicTail;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints one readable line per emotion event and per alert, as committed on the topics (read
 * committed, so under exactly-once each appears once).
 */
public final class EventConsole implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final ConfluentAvroDeserializer<EmotionEvent> events;
    private final ConfluentAvroDeserializer<EmotionAlert> alerts;
    private final PrintStream out;
    private final Thread thread;
    private final AtomicLong printedEvents = new AtomicLong();
    private final AtomicLong printedAlerts = new AtomicLong();
    private volatile boolean running = true;

    public EventConsole(Map<String, Object> clientProps, SchemaRegistryClient registry, PrintStream out) {
        this.consumer = TopicTail.open(clientProps, List.of(EventTopic.EMOTION_EVENTS.topicName(), EventTopic.ALERTS.topicName()));
        this.events = new ConfluentAvroDeserializer<>(registry, EmotionEvent.class);
        this.alerts = new ConfluentAvroDeserializer<>(registry, EmotionAlert.class);
        this.out = out;
        this.thread = new Thread(this::run, "event-console");
        this.thread.setDaemon(true);
    }

    /** Starts printing what was committed since this console was made (it opens at the topics' ends). */
    public EventConsole start() {
        thread.start();
        return this;
    }

    public long printedEvents() {
        return printedEvents.get();
    }

    public long printedAlerts() {
        return printedAlerts.get();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(EventTopic.ALERTS.topicName())) {
                        out.println(line(alerts.deserialize(r.topic(), r.value())));
                        printedAlerts.incrementAndGet();
                    } else {
                        out.println(line(events.deserialize(r.topic(), r.value()), System.currentTimeMillis()));
                        printedEvents.incrementAndGet();
                    }
                    out.flush();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * {@code support-call-1  customer  #3  0:05.8-0:07.7  angry 0.81  arousal high +0.62  valence negative -0.70  ravdess 0.93  batch 4  312 ms},
     * or for a segment without speech {@code support-call-1  customer  #4  0:07.7-0:09.6  no speech: no voice pitch (...): noise or music}
     */
    public static String line(EmotionEvent e, long now) {
        if (!e.getSpeech()) {
            return String.format(Locale.ROOT, "%-34s %-8s #%-3d %s-%s  no speech: %s", e.getCallId(), e.getChannel().getRole().name().toLowerCase(Locale.ROOT),
                    e.getSegmentIndex(), time(e.getStartMs()), time(e.getEndMs()), e.getNoSpeechReason());
        }
        float top = e.getProbabilities().stream().filter(p -> p.getLabel().equals(e.getEmotion())).findFirst().map(p -> p.getProbability()).orElse(0f);
        long latency = now - e.getSegmentTimings().getLastChunkRecordTime().toEpochMilli();
        return String.format(Locale.ROOT, "%-34s %-8s #%-3d %s-%s  %-7s %.2f  arousal %-4s %+.2f  valence %-8s %+.2f  %s %.2f%s  batch %d  %d ms",
                e.getCallId(), e.getChannel().getRole().name().toLowerCase(Locale.ROOT), e.getSegmentIndex(), time(e.getStartMs()), time(e.getEndMs()),
                e.getEmotion(), top, e.getArousal().getGroup(), e.getArousal().getScore(), e.getValence().getGroup(), e.getValence().getScore(),
                e.getNearestDomain().getDomain(), e.getNearestDomain().getConfidence(), e.getNearestDomain().getOutOfDomain() ? " (out of domain)" : "",
                e.getInferenceTimings().getBatchSize(), latency);
    }

    public static String line(EmotionAlert a) {
        return String.format(Locale.ROOT, "ALERT %-8s %-34s %-8s %s: %s (segments %s, %s-%s)", a.getSeverity(), a.getCallId(),
                a.getChannel().getRole().name().toLowerCase(Locale.ROOT), a.getRule(), a.getMessage(), a.getEvidenceSegments(), time(a.getStartMs()),
                time(a.getEndMs()));
    }

    private static String time(long millis) {
        return String.format(Locale.ROOT, "%d:%04.1f", millis / 60000, (millis % 60000) / 1000.0);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
