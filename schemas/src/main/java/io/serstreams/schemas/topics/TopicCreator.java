package io.serstreams.schemas.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Creates topics where they are missing, leaving existing ones as they are, and returns only once the
 * cluster serves every one of them: each partition has a leader in the metadata a broker answers with.
 *
 * <p>Kafka answers CreateTopics as soon as the KRaft controller has committed the topic; brokers learn
 * of it asynchronously, and until then describe, produce and fetch requests on it fail with "This
 * server does not host this topic-partition." (a few hundred milliseconds on one node). Producers and
 * consumers retry that themselves; an admin describe does not. Everything in the project that creates
 * topics and then uses them goes through here.
 */
public final class TopicCreator {
    private static final long FIRST_PAUSE_MS = 20;
    private static final long LONGEST_PAUSE_MS = 500;

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin   a client of the cluster; the caller keeps and closes it
     * @param timeout how long creating and waiting for leaders may take in all
     */
    public TopicCreator(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Creates the missing {@code topics}, waits until each is served, and describes each, in the order given. */
    public Map<String, TopicDescription> ensure(Collection<NewTopic> topics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        create(topics, deadline);
        return awaitLeaders(topics.stream().map(NewTopic::name).toList(), deadline);
    }

    /** Waits until every partition of each named topic has a leader; describes each, in the order given. */
    public Map<String, TopicDescription> awaitLeaders(List<String> names) {
        return awaitLeaders(names, System.nanoTime() + timeout.toNanos());
    }

    private void create(Collection<NewTopic> topics, long deadline) {
        for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
            String name = created.getKey();
            try {
                created.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new TopicSetupException("could not create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new TopicSetupException("the Kafka cluster did not answer the creation of topic " + name + " within "
                        + shown(timeout) + "; check that its brokers are up and reachable", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicSetupException("interrupted while creating topic " + name, e);
            }
        }
    }

    private Map<String, TopicDescription> awaitLeaders(List<String> names, long deadline) {
        Map<String, TopicDescription> served = new LinkedHashMap<>();
        // Why each topic is not served yet, as last answered: kept when a round runs out of time unanswered.
        Map<String, String> waiting = new LinkedHashMap<>();
        long pause = FIRST_PAUSE_MS;
        while (true) {
            List<String> pending = names.stream().distinct().filter(name -> !served.containsKey(name)).toList();
            describe(pending, deadline, served, waiting);
            if (served.keySet().containsAll(names)) {
                Map<String, TopicDescription> inOrder = new LinkedHashMap<>();
                names.forEach(name -> inOrder.put(name, served.get(name)));
                return inOrder;
            }
            if (remainingMillis(deadline) <= 0) {
                throw new TopicSetupException("after " + shown(timeout) + " the Kafka cluster still serves no leader for "
                        + waiting.entrySet().stream().map(e -> "topic " + e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "))
                        + "; check that enough brokers are up for the topic's replication factor");
            }
            sleep(Math.min(pause, remainingMillis(deadline)));
            pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
        }
    }

    /** Moves each topic that has a leader for every partition to {@code served}; notes in {@code waiting} why the others are not. */
    private void describe(List<String> pending, long deadline, Map<String, TopicDescription> served, Map<String, String> waiting) {
        for (Map.Entry<String, KafkaFuture<TopicDescription>> described : admin.describeTopics(pending).topicNameValues().entrySet()) {
            String name = described.getKey();
            try {
                TopicDescription description = described.getValue().get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
                List<Integer> leaderless = leaderless(description);
                if (leaderless.isEmpty()) {
                    served.put(name, description);
                    waiting.remove(name);
                } else {
                    waiting.put(name, "partition(s) " + leaderless + " without a leader");
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new TopicSetupException("could not describe topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
                // Typically UnknownTopicOrPartition: the broker has not caught up with the controller yet.
                waiting.put(name, e.getCause() instanceof UnknownTopicOrPartitionException
                        ? "the broker does not know it" : e.getCause().getMessage());
            } catch (TimeoutException e) {
                waiting.putIfAbsent(name, "no answer from the cluster");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicSetupException("interrupted while waiting for topic " + name, e);
            }
        }
    }

    private static List<Integer> leaderless(TopicDescription description) {
        List<Integer> partitions = new ArrayList<>();
        for (TopicPartitionInfo partition : description.partitions()) {
            if (partition.leader() == null || partition.leader().isEmpty()) {
                partitions.add(partition.partition());
            }
        }
        return partitions;
    }

    private static String shown(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("interrupted while waiting for topics to get leaders");
        }
    }
}
