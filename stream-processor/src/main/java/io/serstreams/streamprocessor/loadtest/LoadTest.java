package io.serstreams.streamprocessor.loadtest;

import com.sun.management.OperatingSystemMXBean;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.topics.TopicTail;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One load level: N stereo calls replayed at once (real time, or as fast as possible to find the
 * pipeline's capacity) into the running demo; the emotion events read back (read committed) give
 * the end-to-end latency from a segment's last chunk to its event; a sampler follows consumer lag,
 * CPU and heap every second.
 */
final class LoadTest {
    private final EmbeddedDemo demo;
    private final String applicationId;
    private final LoadCalls audio;
    private final PrintStream out;

    LoadTest(EmbeddedDemo demo, String applicationId, LoadCalls audio, PrintStream out) {
        this.demo = demo;
        this.applicationId = applicationId;
        this.audio = audio;
        this.out = out;
    }

    LoadResult run(String runId, int calls, Duration duration, double speed) throws Exception {
        List<CallRecording> recordings = new ArrayList<>();
        Instant start = Instant.now();
        for (int i = 0; i < calls; i++) {
            recordings.add(audio.call(runId + "-" + i, duration.toMillis() / 1000.0, 200, runId.hashCode() * 31L + i, start));
        }
        LatencyRecorder latencies = new LatencyRecorder();
        LatencyStages stages = new LatencyStages();
        AtomicLong batchSum = new AtomicLong();
        AtomicLong firstEvent = new AtomicLong();
        AtomicLong lastEvent = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicLong duplicates = new AtomicLong();
        Thread consumer = new Thread(() -> consume(runId, latencies, stages, batchSum, firstEvent, lastEvent, running, seen, duplicates), "loadtest-events");
        consumer.start();
        Sampler sampler = new Sampler();
        Thread sampling = new Thread(sampler, "loadtest-sampler");
        sampling.setDaemon(true);
        sampling.start();
        Thread.sleep(1000);
        out.printf("%s: %d calls (%d channels) for %s at %s%n", runId, calls, 2 * calls, duration, speed == 0 ? "full speed" : speed + "x real time");
        demo.replay(recordings, speed, CallReplayer.Progress.NONE);
        long sentAt = System.currentTimeMillis();
        // Every channel's last chunk leaves at the same moment: look at the backlog a second later, when a pipeline that keeps up has none.
        Thread.sleep(1000);
        long finalLag;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", demo.bootstrapServers()))) {
            finalLag = sampler.lag(admin);
        }
        // Drain: wait until no new event has come for 3 s (at most a minute).
        while (System.currentTimeMillis() - Math.max(lastEvent.get(), sentAt) < 3000 && System.currentTimeMillis() - sentAt < 60_000) {
            Thread.sleep(200);
        }
        running.set(false);
        sampler.stop();
        consumer.join(5000);
        int events = latencies.count();
        out.println(stages.summary());
        long liveHeapMb = liveHeapMb();
        double window = Math.max(1, lastEvent.get() - firstEvent.get()) / 1000.0;
        return new LoadResult(2 * calls, events, events / window, latencies.percentile(50), latencies.percentile(95), latencies.percentile(99),
                sampler.maxLag, finalLag, sampler.meanCpu(), sampler.maxHeapMb, liveHeapMb, events == 0 ? 0 : batchSum.get() / (double) events, duplicates.get());
    }

    /** Heap still in use after a full collection: what the run keeps, as opposed to garbage not yet collected. */
    static long liveHeapMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private void consume(String runId, LatencyRecorder latencies, LatencyStages stages, AtomicLong batchSum, AtomicLong firstEvent, AtomicLong lastEvent, AtomicBoolean running,
                         java.util.Set<String> seen, AtomicLong duplicates) {
        ConfluentAvroDeserializer<EmotionEvent> deserializer = new ConfluentAvroDeserializer<>(demo.registry(), EmotionEvent.class);
        try (KafkaConsumer<String, byte[]> consumer = TopicTail.open(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers()),
                List.of(EventTopic.EMOTION_EVENTS.topicName()))) {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (!r.key().startsWith(runId + "-")) {
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    EmotionEvent e = deserializer.deserialize(r.topic(), r.value());
                    if (!seen.add(e.getCallId() + "/" + e.getChannel().getIndex() + "/" + e.getSegmentIndex())) {
                        duplicates.incrementAndGet();
                        continue;
                    }
                    latencies.record(now - e.getSegmentTimings().getLastChunkRecordTime().toEpochMilli());
                    stages.record(e, now);
                    batchSum.addAndGet(e.getInferenceTimings().getBatchSize());
                    firstEvent.compareAndSet(0, now);
                    lastEvent.set(now);
                }
            }
        }
    }

    /** Every second: consumer lag of the application on its input topics, process CPU, heap. */
    private final class Sampler implements Runnable {
        private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final List<Double> cpu = new ArrayList<>();
        private volatile boolean running = true;
        private volatile long maxLag;
        private volatile long lastLag;
        private volatile long maxHeapMb;

        @Override
        public void run() {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", demo.bootstrapServers()))) {
                while (running) {
                    lastLag = lag(admin);
                    maxLag = Math.max(maxLag, lastLag);
                    synchronized (cpu) {
                        cpu.add(os.getProcessCpuLoad() * os.getAvailableProcessors());
                    }
                    maxHeapMb = Math.max(maxHeapMb, memory.getHeapMemoryUsage().getUsed() >> 20);
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                out.println("sampler stopped: " + e);
            }
        }

        long lag(Admin admin) throws Exception {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().stream().filter(p -> p.topic().equals(EventTopic.AUDIO_CHUNKS.topicName())
                    || p.topic().equals(EventTopic.AUDIO_SEGMENTS.topicName())).forEach(p -> latest.put(p, OffsetSpec.latest()));
            long lag = 0;
            for (var entry : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(entry.getKey());
                lag += Math.max(0, entry.getValue().offset() - (at == null ? 0 : at.offset()));
            }
            return lag;
        }

        double meanCpu() {
            synchronized (cpu) {
                return cpu.stream().mapToDouble(Double::doubleValue).filter(v -> v >= 0).average().orElse(0);
            }
        }

        void stop() {
            running = false;
        }
    }
}
