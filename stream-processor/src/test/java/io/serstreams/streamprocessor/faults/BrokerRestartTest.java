package io.serstreams.streamprocessor.faults;

import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.testing.CommittedRecords;
import io.serstreams.streamprocessor.testing.SampleCalls;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker restarts in the middle of a call (its own embedded broker, stopped for 5 s and started
 * on the same data): the application rides it out, and every segment's event comes out once.
 */
class BrokerRestartTest {

    private static <T extends SpecificRecord> List<T> read(EmbeddedDemo demo, String topic, Class<T> type, String callId, Predicate<List<T>> done,
                                                         Duration timeout) {
        return CommittedRecords.read(demo.bootstrapServers(), demo.registry(), topic, type, callId, done, timeout, Duration.ZERO);
    }

    @Test
    void theApplicationRidesOutABrokerRestartWithoutLosingOrRepeatingEvents() throws Exception {
        String callId = "broker-restart-call";
        try (EmbeddedDemo demo = EmbeddedDemo.start(new EmbeddedDemo.Settings(null, null, 0, 0, -1, 2, Path.of("../models/mpgln"),
                Map.of("ser.dashboard.enabled", false)), new PrintStream(OutputStream.nullOutputStream()))) {
            CallRecording call = CallRecording.load(SampleCalls.escalatingCall(), callId, 200, AudioEncoding.PCM16LE, null,
                    Instant.now());
            CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> {
                try {
                    demo.replay(List.of(call), 2, CallReplayer.Progress.NONE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(read(demo, "emotion.events", EmotionEvent.class, callId, l -> l.size() >= 3, Duration.ofSeconds(60)))
                    .as("events before the restart").hasSizeGreaterThanOrEqualTo(3);
            demo.environment().broker().restart(Duration.ofSeconds(5));
            replay.join();

            List<CallEmotionSummary> summaries = read(demo, "emotion.call-summary", CallEmotionSummary.class, callId,
                    l -> l.stream().filter(CallEmotionSummary::getFinal$).map(s -> s.getChannel().getIndex()).distinct().count() == 2, Duration.ofSeconds(120));
            assertThat(summaries.stream().filter(CallEmotionSummary::getFinal$).map(s -> s.getChannel().getIndex()).distinct()).hasSize(2);
            List<String> segments = read(demo, "audio.segments", SegmentFeatures.class, callId, l -> false, Duration.ofSeconds(5)).stream()
                    .filter(s -> s.getLogMel().getShape().get(0) > 0).map(s -> s.getChannel().getIndex() + ":" + s.getSegmentIndex()).toList();
            List<String> events = read(demo, "emotion.events", EmotionEvent.class, callId, l -> false, Duration.ofSeconds(8)).stream()
                    .map(e -> e.getChannel().getIndex() + ":" + e.getSegmentIndex()).toList();
            assertThat(segments).hasSizeGreaterThanOrEqualTo(10).doesNotHaveDuplicates();
            assertThat(events).as("every segment's event once: none lost, none repeated").containsExactlyInAnyOrderElementsOf(segments);
            assertThat(demo.application().getBean(KafkaStreams.class).state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }
}
