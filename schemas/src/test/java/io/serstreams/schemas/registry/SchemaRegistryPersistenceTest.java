package io.serstreams.schemas.registry;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import io.serstreams.schemas.testkit.TestRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Schemas live in a compacted Kafka topic: a registry restarted on it keeps every id, version and level. */
class SchemaRegistryPersistenceTest {

    @Test
    void restartKeepsEveryIdVersionAndLevel() {
        String topic = SharedKafkaCluster.uniqueName("_schemas");
        Map<String, Integer> ids;
        try (SchemaRegistryServer first = TestRegistry.start(topic, null);
             SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(first.url()))) {
            ids = Map.of(
                    "audio.chunks-value", client.register("audio.chunks-value", AudioChunk.getClassSchema().toString()),
                    "audio.segments-value", client.register("audio.segments-value", SegmentFeatures.getClassSchema().toString()),
                    "emotion.events-value", client.register("emotion.events-value", EmotionEvent.getClassSchema().toString()));
            client.setCompatibility("emotion.events-value", CompatibilityLevel.FULL_TRANSITIVE);
            client.setCompatibility(null, CompatibilityLevel.FORWARD);
        }

        try (SchemaRegistryServer second = TestRegistry.start(topic, null);
             SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(second.url()))) {
            assertThat(client.subjects()).containsExactlyElementsOf(ids.keySet().stream().sorted().toList());
            ids.forEach((subject, id) -> {
                assertThat(client.latest(subject).id()).isEqualTo(id);
                assertThat(client.versions(subject)).isEqualTo(List.of(1));
            });
            assertThat(client.schemaById(ids.get("audio.chunks-value"))).isEqualTo(AudioChunk.getClassSchema().toString());
            assertThat(client.compatibility("emotion.events-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FORWARD);

            // A new schema after the restart gets a fresh id, not one already handed out.
            int next = client.register("other-value", "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[]}");
            assertThat(ids.values()).doesNotContain(next);
        }
    }

    @Test
    void restartKeepsDeletionsModesAndRemovedLevels() {
        String topic = SharedKafkaCluster.uniqueName("_schemas");
        String person = "{\"type\":\"record\",\"name\":\"Person\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";
        String personV2 = "{\"type\":\"record\",\"name\":\"Person\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\",\"default\":0}]}";
        String gone = "{\"type\":\"record\",\"name\":\"Gone\",\"fields\":[]}";
        int goneId;
        int softId;
        try (SchemaRegistryServer first = TestRegistry.start(topic, null);
             SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(first.url()))) {
            client.register("kept-value", person);
            softId = client.register("kept-value", personV2);
            client.deleteVersion("kept-value", 2, false);
            goneId = client.register("gone-value", gone);
            client.deleteSubject("gone-value", false);
            client.deleteSubject("gone-value", true);
            client.register("soft-value", person);
            client.deleteSubject("soft-value", false);
            client.setMode("kept-value", RegistryMode.READONLY);
            client.setCompatibility("levelled-value", CompatibilityLevel.NONE);
            client.setCompatibility("unlevelled-value", CompatibilityLevel.FULL);
            client.register("unlevelled-value", person);
            client.setMode("moded-value", RegistryMode.READONLY);
            client.setMode("moded-value", RegistryMode.READWRITE);
        }
        // The permanent delete leaves a tombstone and the level removal one too: both must replay.
        try (SchemaRegistryServer removeLevel = TestRegistry.start(topic, null)) {
            HttpRequests.delete(removeLevel.url() + "/config/unlevelled-value");
        }

        try (SchemaRegistryServer second = TestRegistry.start(topic, null);
             SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(second.url()))) {
            assertThat(client.subjects()).containsExactly("kept-value", "unlevelled-value");
            assertThat(client.versions("kept-value")).containsExactly(1);
            assertThat(HttpRequests.get(second.url() + "/subjects/kept-value/versions?deleted=true")).isEqualTo("[1,2]");
            assertThat(HttpRequests.get(second.url() + "/subjects?deleted=true")).contains("\"soft-value\"").doesNotContain("gone-value");
            assertThat(client.schemaById(softId)).contains("age");
            assertThatThrownBy(() -> client.schemaById(goneId))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.SCHEMA_NOT_FOUND));
            assertThat(client.mode("kept-value")).isEqualTo(RegistryMode.READONLY);
            assertThat(client.mode("moded-value")).isEqualTo(RegistryMode.READWRITE);
            assertThatThrownBy(() -> client.register("kept-value", personV2))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.OPERATION_NOT_PERMITTED));
            assertThat(client.compatibility("levelled-value")).isEqualTo(CompatibilityLevel.NONE);
            assertThat(client.compatibility("unlevelled-value")).isEqualTo(CompatibilityLevel.BACKWARD);
            // The permanently deleted schema's id is not handed out again.
            assertThat(client.register("fresh-value", "{\"type\":\"record\",\"name\":\"Fresh\",\"fields\":[]}")).isGreaterThan(goneId);
        }
    }

    @Test
    void basicAuthIsRequiredWhenConfiguredAndPassedThroughByTheClient() {
        try (SchemaRegistryServer server = TestRegistry.start(SharedKafkaCluster.uniqueName("_schemas"), "ops:s3cret")) {
            try (SchemaRegistryClient anonymous = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
                assertThatThrownBy(anonymous::subjects)
                        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
            }
            try (SchemaRegistryClient authorised = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(Map.of(
                    RegistryClientConfig.URL, server.url(),
                    RegistryClientConfig.CREDENTIALS_SOURCE, "USER_INFO",
                    RegistryClientConfig.USER_INFO, "ops:s3cret")))) {
                assertThat(authorised.subjects()).isEmpty();
            }
        }
    }
}
