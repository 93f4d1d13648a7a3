package io.serstreams.schemas.registry;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A registry nobody serves is named with what went wrong, in words a user reads, not a class's full name. */
class RestSchemaRegistryClientTest {
    @Test
    void aClosedPortIsNamedWithItsFailure() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        try (SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(url))) {
            SchemaRegistryException failure = catchThrowableOfType(client::subjects, SchemaRegistryException.class);
            assertThat(failure.getMessage())
                    .startsWith("no schema registry answered at [" + url + "]: ConnectException")
                    .doesNotContain("java.net.")
                    .doesNotContain("null")
                    .doesNotContain("\n");
        }
    }
}
