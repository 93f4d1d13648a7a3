package io.serstreams.streamprocessor.topics;

import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline's topics on the shared real broker: provisioned, then usable at once. */
class TopicProvisionerTest {

    @Test
    void provisionedTopicsAreServedAsSoonAsEnsureReturns() throws Exception {
        for (int round = 0; round < 3; round++) {
            List<String> extra = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                extra.add(SharedKafkaCluster.uniqueName("emotion.events.domain-" + round + "-" + i));
            }

            Map<String, Integer> topics = new TopicProvisioner(SharedKafkaCluster.clientProps()).ensure(3, (short) 1, extra);

            assertThat(topics).containsKeys(Arrays.stream(EventTopic.values()).map(EventTopic::topicName).toArray(String[]::new));
            extra.forEach(name -> assertThat(topics).containsEntry(name, 3));
            try (Admin admin = Admin.create(SharedKafkaCluster.clientProps())) {
                Map<String, TopicDescription> described = admin.describeTopics(extra).allTopicNames().get(10, TimeUnit.SECONDS);
                described.values().forEach(topic -> assertThat(topic.partitions())
                        .allSatisfy(partition -> assertThat(partition.leader()).isNotNull()));
                // The profiles topic keeps each domain's latest profile: compacted, not deleted by age.
                ConfigResource profiles = new ConfigResource(ConfigResource.Type.TOPIC, EventTopic.DOMAIN_PROFILES.topicName());
                assertThat(admin.describeConfigs(List.of(profiles)).all().get(10, TimeUnit.SECONDS).get(profiles).get("cleanup.policy").value())
                        .isEqualTo("compact");
            }
        }
    }
}
