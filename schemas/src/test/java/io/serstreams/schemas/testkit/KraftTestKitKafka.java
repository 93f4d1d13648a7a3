package io.serstreams.schemas.testkit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A single-node KRaft cluster (combined broker and controller) from Kafka's test kit, in this JVM. */
final class KraftTestKitKafka implements KafkaTestFixture {
    private final KafkaClusterTestKit kit;

    private KraftTestKitKafka(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    static KraftTestKitKafka start() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new KraftTestKitKafka(kit);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the KRaft test cluster", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    @Override
    public String description() {
        return "KRaft test kit (in-process, single node)";
    }

    @Override
    public void close() {
        try {
            kit.close();
        } catch (Exception e) {
            System.err.println("KRaft test cluster did not stop cleanly: " + e);
        }
    }
}
