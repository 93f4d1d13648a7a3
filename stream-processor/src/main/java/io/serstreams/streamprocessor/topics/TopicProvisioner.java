package io.serstreams.streamprocessor.topics;

import io.serstreams.schemas.EventTopic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the pipeline's topics where they are missing, leaving existing ones as they are, and says
 * what each one looks like.
 */
public final class TopicProvisioner {
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
        List<String> names = new ArrayList<>(Arrays.stream(EventTopic.values()).map(EventTopic::topicName).toList());
        names.addAll(extra);
        try (Admin admin = Admin.create(clientProps)) {
            List<NewTopic> wanted = new ArrayList<>();
            for (String name : names) {
                wanted.add(new NewTopic(name, partitions, replicationFactor));
            }
            admin.createTopics(wanted).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + name + ": " + e.getCause().getMessage(), e);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("could not create topic " + name + ": " + e, e);
                }
            });
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<String, Integer> result = new java.util.LinkedHashMap<>();
            for (String name : names) {
                result.put(name, described.get(name).partitions().size());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not describe the pipeline's topics: " + e.getMessage(), e);
        }
    }
}
