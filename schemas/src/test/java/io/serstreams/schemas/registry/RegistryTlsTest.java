package io.serstreams.schemas.registry;

import io.serstreams.schemas.registry.server.KafkaSchemaLog;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.registry.server.SchemaRegistryService;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS settings reach the client's HTTP connection: with the right trust store it talks, without it it refuses. */
class RegistryTlsTest {
    private static final String PASSWORD = "changeit";

    @Test
    void clientUsesTheConfiguredTrustStore(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("registry.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        SchemaRegistryService service = new SchemaRegistryService(
                new KafkaSchemaLog(SharedKafkaCluster.clientProps(), SharedKafkaCluster.uniqueName("_schemas")), CompatibilityLevel.BACKWARD);
        try (SchemaRegistryServer server = SchemaRegistryServer.start(service, new InetSocketAddress("127.0.0.1", 0), null, serverContext(keyStore))) {
            assertThat(server.url()).startsWith("https://");

            try (SchemaRegistryClient trusting = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(Map.of(
                    RegistryClientConfig.URL, server.url(),
                    RegistryClientConfig.TRUSTSTORE_LOCATION, keyStore.toString(),
                    RegistryClientConfig.TRUSTSTORE_PASSWORD, PASSWORD,
                    RegistryClientConfig.TRUSTSTORE_TYPE, "PKCS12")))) {
                int id = trusting.register("tls-value", "{\"type\":\"record\",\"name\":\"T\",\"fields\":[]}");
                assertThat(trusting.schemaById(id)).contains("\"T\"");
            }
            try (SchemaRegistryClient untrusting = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
                assertThatThrownBy(untrusting::subjects)
                        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.UNEXPECTED_RESPONSE));
            }
        }
        assertThat(Files.exists(keyStore)).isTrue();
    }

    private static SSLContext serverContext(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
