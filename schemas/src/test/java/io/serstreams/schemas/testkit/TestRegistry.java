package io.serstreams.schemas.testkit;

import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.server.KafkaSchemaLog;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.registry.server.SchemaRegistryService;

import java.net.InetSocketAddress;

/** Real registry servers on the shared cluster, each on a schema topic of its own unless told otherwise. */
public final class TestRegistry {
    private TestRegistry() {
    }

    /** A fresh, empty registry. */
    public static SchemaRegistryServer start() {
        return start(SharedKafkaCluster.uniqueName("_schemas"), null);
    }

    /** A registry over {@code schemaTopic}, requiring {@code credentials} (user:password) when not null. */
    public static SchemaRegistryServer start(String schemaTopic, String credentials) {
        SchemaRegistryService service = new SchemaRegistryService(
                new KafkaSchemaLog(SharedKafkaCluster.clientProps(), schemaTopic), CompatibilityLevel.BACKWARD);
        return SchemaRegistryServer.start(service, new InetSocketAddress("127.0.0.1", 0), credentials);
    }
}
