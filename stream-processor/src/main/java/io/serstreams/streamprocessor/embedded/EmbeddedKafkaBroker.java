package io.serstreams.streamprocessor.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka (broker and KRaft controller in one process) inside this JVM, on
 * 127.0.0.1, for the embedded demo. It formats a data directory of its own, and removes it on
 * {@link #close()}. Tests use Kafka's {@code KafkaClusterTestKit} instead.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private KafkaRaftServer server;
    private final Properties props;
    private final Path dataDir;
    private final int brokerPort;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Properties props, Path dataDir, int brokerPort) {
        this.server = server;
        this.props = props;
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
    }

    /**
     * Formats a fresh data directory and starts the broker, returning once it accepts clients.
     *
     * @param brokerPort client port, or 0 for a free one
     * @param overrides  extra broker settings, applied last
     */
    public static EmbeddedKafkaBroker start(int brokerPort, Map<String, String> overrides) {
        int port = brokerPort == 0 ? freePort() : requireFree(brokerPort);
        int controllerPort = freePort();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("ser-streams-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a data directory for the embedded broker", e);
        }
        Properties props = brokerProperties(port, controllerPort, dataDir);
        overrides.forEach(props::setProperty);
        try {
            format(props, dataDir);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, props, dataDir, port);
            broker.awaitReady();
            LOG.info("embedded Kafka broker ready at {} (data in {})", broker.bootstrapServers(), dataDir);
            return broker;
        } catch (RuntimeException e) {
            deleteRecursively(dataDir);
            throw e;
        }
    }

    /**
     * Stops the broker, waits {@code down}, and starts it again on the same ports and data, as an
     * operator's restart would: for fault tests.
     */
    public synchronized void restart(java.time.Duration down) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the broker is closed");
        }
        server.shutdown();
        server.awaitShutdown();
        LOG.info("embedded Kafka broker stopped for a restart; down for {}", down);
        Thread.sleep(down.toMillis());
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        awaitReady();
        LOG.info("embedded Kafka broker restarted at {}", bootstrapServers());
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and deletes its data directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteRecursively(dataDir);
        }
        LOG.info("embedded Kafka broker stopped, {} removed", dataDir);
    }

    private static Properties brokerProperties(int port, int controllerPort, Path dataDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("log").toString());
        // One node: every internal topic has a single replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(Properties props, Path dataDir) {
        Path config = dataDir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(out, "embedded SER Streams broker");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + config, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // StorageTool.main would exit the JVM; execute returns a status instead.
        int status = StorageTool.execute(new String[]{"format", "--config", config.toString(),
                "--cluster-id", Uuid.randomUuid().toString(), "--standalone"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("formatting the embedded broker's storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the embedded broker did not become ready at " + bootstrapServers(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** {@code port}, when nothing listens on it on 127.0.0.1; otherwise fails with a message naming it. */
    static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is already in use; stop what holds it or choose another port (0 picks a free one)");
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.toString());
        }
    }
}
