package io.serstreams.streamprocessor.topics;

import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.topics.TopicCreator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the pipeline's topics where they are missing, leaving existing ones as they are, and says
 * what each one looks like once the cluster serves it (see {@link TopicCreator}).
 */
public final class TopicProvisioner {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> clientProps;

    public TopicProvisioner(Map<String, Object> clientProps) {
        this.clientProps = clientProps;
    }

    /** Ensures every {@link EventTopic} exists; returns each topic's name and partition count. */
    public Map<String, Integer> ensure(int partitions, short replicationFactor) {
        return ensure(partitions, replicationFactor, List.of());
    }

    /** As {@link #ensure(int, short)}, with {@code extra} topics (per-domain event topics) too. */
    public Map<String, Integer> ensure(int partitions, short replicationFactor, List<String> extra) {
        List<NewTopic> wanted = new ArrayList<>();
        Arrays.stream(EventTopic.values()).forEach(topic -> wanted.add(new NewTopic(topic.topicName(), partitions, replicationFactor).configs(topic.configs())));
        extra.forEach(name -> wanted.add(new NewTopic(name, partitions, replicationFactor)));
        try (Admin admin = Admin.create(clientProps)) {
            Map<String, Integer> result = new LinkedHashMap<>();
            new TopicCreator(admin, TIMEOUT).ensure(wanted).forEach((name, description) -> result.put(name, description.partitions().size()));
            return result;
        }
    }
}
