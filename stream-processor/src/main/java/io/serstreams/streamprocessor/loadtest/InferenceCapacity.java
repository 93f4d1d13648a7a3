package io.serstreams.streamprocessor.loadtest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.ApplicationContext;
import io.serstreams.schemas.EventTopic;
import io.serstreams.streamprocessor.app.SerStreamsApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The inference role's own capacity: a fresh inference-only instance reads every segment already
 * in {@code audio.segments} from the start, as fast as it can; segments per second until its
 * committed offsets reach the end, and the mean batch it formed.
 */
final class InferenceCapacity {
    /** @param modelBusy model time over elapsed time: the mean number of model calls running at once (tasks call the model from their own threads) */
    record Result(long segments, double seconds, double segmentsPerSecond, double meanBatch, double modelBusy) {
    }

    private InferenceCapacity() {
    }

    static Result measure(String bootstrap, String registryUrl, int maxBatch, long commitIntervalMillis, int modelCalls)
            throws Exception {
        String group = "ser-capacity-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(java.util.List.of(EventTopic.AUDIO_SEGMENTS.topicName())).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(EventTopic.AUDIO_SEGMENTS.topicName()).partitions()
                    .forEach(p -> ends.put(new TopicPartition(EventTopic.AUDIO_SEGMENTS.topicName(), p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).forEach((p, info) -> end.put(p, info.offset()));
            long total = end.values().stream().mapToLong(Long::longValue).sum();

            Map<String, Object> props = new HashMap<>();
            props.put("kafka.bootstrap.servers", bootstrap);
            props.put("kafka.streams.default.application.id", group);
            props.put("kafka.streams.default.state.dir", Files.createTempDirectory("ser-capacity").toString());
            props.put("ser.pipeline.roles", "inference");
            props.put("ser.pipeline.registry-url", registryUrl);
            props.put("ser.inference.max-batch", maxBatch);
            props.put("ser.inference.model-calls", modelCalls);
            props.put("kafka.streams.default.commit.interval.ms", commitIntervalMillis);
            props.put("ser.dashboard.enabled", false);
            props.put("micronaut.server.port", -1);
            try (ApplicationContext app = SerStreamsApplication.start(props)) {
                KafkaStreams streams = app.getBean(KafkaStreams.class);
                while (streams.state() != KafkaStreams.State.RUNNING) {
                    Thread.sleep(20);
                }
                long start = System.nanoTime();
                long done = 0;
                while (done < total && System.nanoTime() - start < 600e9) {
                    Thread.sleep(100);
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
                    done = committed.entrySet().stream().filter(e -> end.containsKey(e.getKey())).mapToLong(e -> e.getValue().offset()).sum();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                MeterRegistry meters = app.getBean(MeterRegistry.class);
                DistributionSummary batches = meters.find("ser.inference.batch.size").summary();
                double meanBatch = batches == null ? 0 : batches.mean();
                Timer model = meters.find("ser.inference.latency").timer();
                double busy = model == null ? 0 : model.totalTime(TimeUnit.NANOSECONDS) / 1e9 / seconds;
                return new Result(done, seconds, done / seconds, meanBatch, busy);
            }
        }
    }
}
