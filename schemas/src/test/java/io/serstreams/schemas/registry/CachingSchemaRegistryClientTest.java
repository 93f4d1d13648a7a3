package io.serstreams.schemas.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The caching client forgets what a subject held once it deletes there, and passes modes through. */
class CachingSchemaRegistryClientTest {
    private static final String PERSON = "{\"type\":\"record\",\"name\":\"Person\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";

    @Test
    void aDeletedVersionIsNotAnsweredFromTheCache() {
        try (SchemaRegistryClient client = new CachingSchemaRegistryClient(LocalSchemaRegistryClient.inMemory())) {
            int id = client.register("cached-value", PERSON);
            assertThat(client.lookup("cached-value", PERSON).version()).isEqualTo(1);

            assertThat(client.deleteVersion("cached-value", 1, false)).isEqualTo(1);
            assertThatThrownBy(() -> client.lookup("cached-value", PERSON))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.SUBJECT_NOT_FOUND));
            // The id still decodes old records.
            assertThat(client.schemaById(id)).contains("Person");
            // Registering again makes a new version, which the cache must not hide.
            assertThat(client.register("cached-value", PERSON)).isEqualTo(id);
            assertThat(client.versions("cached-value")).containsExactly(2);
            assertThat(client.deleteSubject("cached-value", false)).containsExactly(2);
            assertThat(client.deleteSubject("cached-value", true)).containsExactly(1, 2);
            assertThat(client.subjects()).isEmpty();

            client.setMode(null, RegistryMode.READONLY);
            assertThat(client.mode("any-value")).isEqualTo(RegistryMode.READONLY);
            assertThatThrownBy(() -> client.register("any-value", PERSON))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.OPERATION_NOT_PERMITTED));
        }
    }
}
