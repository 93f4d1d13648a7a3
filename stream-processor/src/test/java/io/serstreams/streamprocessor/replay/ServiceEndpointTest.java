package io.serstreams.streamprocessor.replay;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceEndpointTest {

    @Test
    void readsBootstrapEntriesAsKafkaTakesThem() {
        List<ServiceEndpoint> endpoints = ServiceEndpoint.ofHostPorts("Kafka broker",
                "broker-1:9092, SASL_SSL://broker-2.example:9093,PLAINTEXT://[::1]:29092");
        assertThat(endpoints).extracting(ServiceEndpoint::host).containsExactly("broker-1", "broker-2.example", "::1");
        assertThat(endpoints).extracting(ServiceEndpoint::port).containsExactly(9092, 9093, 29092);
    }

    @Test
    void anEntryWithoutAPortIsNamed() {
        assertThatThrownBy(() -> ServiceEndpoint.ofHostPorts("Kafka broker", "broker-1"))
                .hasMessage("Kafka broker address 'broker-1' is not HOST:PORT");
    }
}
