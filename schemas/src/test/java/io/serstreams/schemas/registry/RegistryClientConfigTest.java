package io.serstreams.schemas.registry;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryClientConfigTest {

    @Test
    void readsConfluentPropertyNames() {
        RegistryClientConfig config = RegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", "http://a:8081/, http://b:8081",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "svc:secret",
                "schema.registry.request.timeout.ms", "1500"));
        assertThat(config.urls()).containsExactly(URI.create("http://a:8081"), URI.create("http://b:8081"));
        assertThat(config.userInfo()).isEqualTo("svc:secret");
        assertThat(config.timeout().toMillis()).isEqualTo(1500);
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void takesCredentialsFromTheUrlWhenAsked() {
        RegistryClientConfig config = RegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", "https://svc:pw@registry:8081",
                "basic.auth.credentials.source", "URL"));
        assertThat(config.userInfo()).isEqualTo("svc:pw");
    }

    @Test
    void failsWithActionableMessages() {
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of("schema.registry.url", "registry:8081")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of("schema.registry.url", "http://r", "basic.auth.user.info", "nocolon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("user:password");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of("schema.registry.url", "http://r",
                "schema.registry.ssl.truststore.location", "/no/such/truststore.p12")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("/no/such/truststore.p12");
    }
}
