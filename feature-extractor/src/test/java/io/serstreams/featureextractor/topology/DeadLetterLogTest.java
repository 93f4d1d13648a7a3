package io.serstreams.featureextractor.topology;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.registry.LocalSchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import io.serstreams.schemas.serde.ConfluentAvroSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The warning logged for a dead-lettered chunk names its reason once, then what was wrong. */
class DeadLetterLogTest {

    @Test
    void theReasonIsLoggedOnce(@TempDir Path stateDir) {
        LocalSchemaRegistryClient registry = LocalSchemaRegistryClient.inMemory();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-log-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Logger logger = (Logger) LoggerFactory.getLogger(FeatureExtractionProcessor.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (TopologyTestDriver driver = new TopologyTestDriver(FeatureTopology.build(FeatureTopologyConfig.DEFAULT,
                new ConfluentAvroDeserializer<>(registry, AudioChunk.class),
                ConfluentAvroSerde.specific(SegmentFeatures.class, registry).configured(Map.of(), false)), props)) {
            var chunks = driver.createInputTopic("audio.chunks", Serdes.String().serializer(), Serdes.ByteArray().serializer());
            chunks.pipeInput("bad-call", new byte[]{1, 0, 0, 0, 1, 2});
            chunks.pipeInput("bad-call", (byte[]) null);
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2).satisfiesExactly(
                bad -> assertThat(bad).startsWith("dead-lettering a record of key bad-call: BAD_MAGIC_BYTE: ").containsOnlyOnce("BAD_MAGIC_BYTE"),
                empty -> assertThat(empty).isEqualTo("dead-lettering a record of key bad-call: EMPTY_RECORD: record has no value"));
    }
}
