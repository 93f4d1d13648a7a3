package io.serstreams.schemas.topics;

import io.serstreams.schemas.testkit.SharedKafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topics made on the shared real broker are served (described, with leaders) the moment creation returns. */
class TopicCreatorTest {
    private static Admin admin;

    @BeforeAll
    static void connect() throws Exception {
        admin = Admin.create(SharedKafkaCluster.clientProps());
        // Connected before any test, so that a short timeout below measures the wait for a leader, not the first connection.
        admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void newTopicsCanBeDescribedStraightAfterCreation() throws Exception {
        // Several rounds: a describe straight after a bare createTopics failed in nearly every round here
        // ("This server does not host this topic-partition."), the broker lagging the controller.
        for (int round = 0; round < 4; round++) {
            List<NewTopic> batch = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                batch.add(new NewTopic(SharedKafkaCluster.uniqueName("created-" + round + "-" + i), 4, (short) 1));
            }
            List<String> names = batch.stream().map(NewTopic::name).toList();

            Map<String, TopicDescription> returned = new TopicCreator(admin, Duration.ofSeconds(30)).ensure(batch);
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);

            assertThat(returned.keySet()).containsExactlyInAnyOrderElementsOf(names);
            assertThat(described).hasSize(names.size());
            described.values().forEach(topic -> assertThat(topic.partitions()).hasSize(4)
                    .allSatisfy(partition -> assertThat(partition.leader()).isNotNull()));
        }
    }

    @Test
    void anExistingTopicIsLeftAsItIs() {
        String name = SharedKafkaCluster.uniqueName("existing");
        TopicCreator creator = new TopicCreator(admin, Duration.ofSeconds(30));
        creator.ensure(List.of(new NewTopic(name, 2, (short) 1)));

        Map<String, TopicDescription> again = creator.ensure(List.of(new NewTopic(name, 5, (short) 1)));

        assertThat(again.get(name).partitions()).hasSize(2);
    }

    @Test
    void aTopicTheClusterNeverServesTimesOutNamingIt() {
        String missing = SharedKafkaCluster.uniqueName("never-created");

        assertThatThrownBy(() -> new TopicCreator(admin, Duration.ofSeconds(2)).awaitLeaders(List.of(missing)))
                .isInstanceOf(TopicSetupException.class)
                .hasMessageStartingWith("after 2 s the Kafka cluster still serves no leader for topic " + missing
                        + " (the broker does not know it)")
                .hasNoCause();
    }

    @Test
    void aRefusedCreationNamesTheTopicAndKafkasReason() {
        String name = SharedKafkaCluster.uniqueName("too-many-replicas");

        assertThatThrownBy(() -> new TopicCreator(admin, Duration.ofSeconds(30)).ensure(List.of(new NewTopic(name, 1, (short) 3))))
                .isInstanceOf(TopicSetupException.class)
                .hasMessageStartingWith("could not create topic " + name + ": ")
                .hasMessageContaining("replication factor");
    }
}
