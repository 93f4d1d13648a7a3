package io.serstreams.streamprocessor.testing;

import io.micronaut.context.ApplicationContext;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import io.serstreams.streamprocessor.app.SerStreamsApplication;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The application as integration tests run it: on the shared test broker, with the shipped model. */
public final class TestApplication {
    private TestApplication() {
    }

    /**
     * Settings for an instance of its own (application id from {@code name}, a fresh state
     * directory, two partitions, a short session timeout, a free HTTP port); add or replace keys.
     */
    public static Map<String, Object> settings(String name, String registryUrl) {
        Map<String, Object> props = new HashMap<>();
        props.put("kafka.bootstrap.servers", SharedKafkaCluster.bootstrapServers());
        props.put("kafka.streams.default.application.id", SharedKafkaCluster.uniqueName(name));
        try {
            props.put("kafka.streams.default.state.dir", Files.createTempDirectory(name + "-state").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put("kafka.streams.default.session.timeout.ms", 6000);
        props.put("ser.pipeline.registry-url", registryUrl);
        props.put("ser.pipeline.partitions", 2);
        props.put("ser.model.path", Path.of("../models/mpgln").toAbsolutePath().toString());
        props.put("micronaut.server.port", -1);
        return props;
    }

    /** Starts the application and waits until its streams run (a minute at most). */
    public static ApplicationContext startRunning(Map<String, Object> settings) {
        ApplicationContext app = SerStreamsApplication.start(settings);
        EmbeddedDemo.awaitRunning(app.getBean(KafkaStreams.class), Duration.ofSeconds(60));
        return app;
    }
}
