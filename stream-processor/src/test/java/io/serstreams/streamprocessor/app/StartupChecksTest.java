package io.serstreams.streamprocessor.app;

import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.testkit.TestRegistry;
import io.serstreams.streamprocessor.testing.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** A bad configuration, an unreachable broker or registry, or a corrupt model stops start-up with a message naming it. */
class StartupChecksTest {
    @TempDir
    Path dir;

    private Map<String, Object> props(String registryUrl) {
        Map<String, Object> props = TestApplication.settings("ser-startup", registryUrl);
        props.put("ser.pipeline.broker-timeout", "2s");
        return props;
    }

    private static String failure(Map<String, Object> props) {
        try (var app = SerStreamsApplication.start(props)) {
            fail("the application started");
            return null;
        } catch (RuntimeException e) {
            StringWriter text = new StringWriter();
            e.printStackTrace(new PrintWriter(text));
            return text.toString();
        }
    }

    @Test
    void anUnreachableRegistryIsNamed() {
        assertThat(failure(props("http://127.0.0.1:1"))).contains("schema registry http://127.0.0.1:1 unreachable: Connection refused: start it, or set ser.pipeline.registry-url");
    }

    @Test
    void anUnreachableBrokerBadSettingsAndACorruptModelAreNamed() throws Exception {
        try (SchemaRegistryServer registry = TestRegistry.start()) {
            Map<String, Object> noBroker = props(registry.url());
            noBroker.put("kafka.bootstrap.servers", "127.0.0.1:1");
            assertThat(failure(noBroker)).contains("Kafka broker 127.0.0.1:1 unreachable: Connection refused: start one, or set kafka.bootstrap.servers");

            Map<String, Object> badRole = props(registry.url());
            badRole.put("ser.pipeline.roles", "features,scoring");
            assertThat(failure(badRole)).contains("ser.pipeline.roles: unknown role 'scoring'");

            Map<String, Object> badRule = props(registry.url());
            badRule.put("ser.summary.alert-rules", "angry: when=mood:angry");
            assertThat(failure(badRule)).contains("alert rule 'angry'").contains("unknown field mood");

            Map<String, Object> badProfileKey = props(registry.url());
            badProfileKey.put("ser.profiles.key", "tennant");
            assertThat(failure(badProfileKey)).contains("ser.profiles.key: unknown field 'tennant' (tenant, language, site, or all)");

            Map<String, Object> noPublishing = props(registry.url());
            noPublishing.put("ser.profiles.publish-every", "0s");
            assertThat(failure(noPublishing)).contains("ser.profiles.publish-every must be positive, not PT0S");

            Map<String, Object> slowTimeout = props(registry.url());
            slowTimeout.put("ser.inference.timeout", "200s");
            assertThat(failure(slowTimeout)).contains("must be at most half of max.poll.interval.ms");

            Map<String, Object> exposed = props(registry.url());
            exposed.put("micronaut.server.host", "0.0.0.0");
            assertThat(failure(exposed)).contains("set ser.dashboard.token");

            Path corrupt = Files.createDirectories(dir.resolve("corrupt-model"));
            Files.writeString(corrupt.resolve("manifest.json"), "{ not json");
            Map<String, Object> badModel = props(registry.url());
            badModel.put("ser.model.path", corrupt.toString());
            assertThat(failure(badModel)).contains(corrupt.toString());
        }
    }
}
