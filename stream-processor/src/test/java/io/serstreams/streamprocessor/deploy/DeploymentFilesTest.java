package io.serstreams.streamprocessor.deploy;

import io.serstreams.schemas.EventTopic;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files hold together: every k8s manifest parses and names what it must (images,
 * probes on the health endpoints, resources, roles, GPUs), names match across files, and the
 * compose file and Dockerfiles start the application against the broker and registry they define.
 */
class DeploymentFilesTest {
    private static final Path K8S = Path.of("../k8s");
    private static final Path DOCKER = Path.of("../docker");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> manifests() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    if (doc != null) {
                        Map<String, Object> map = (Map<String, Object>) doc;
                        map.put("$file", file.getFileName().toString());
                        docs.add(map);
                    }
                }
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(key);
            } else if (current instanceof List<?> list) {
                current = list.get(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return (T) current;
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static String env(Map<String, Object> container, String name) {
        List<Map<String, Object>> env = at(container, "env");
        return env.stream().filter(e -> name.equals(e.get("name"))).map(e -> (String) e.get("value")).findFirst().orElse(null);
    }

    @Test
    void everyManifestParsesAndTheRolesAreWiredAsTheyShouldBe() throws IOException {
        List<Map<String, Object>> docs = manifests();
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.get("apiVersion")).as("apiVersion in %s", d.get("$file")).isNotNull();
            assertThat(d.get("kind")).as("kind in %s", d.get("$file")).isNotNull();
            assertThat((String) at(d, "metadata", "name")).as("name in %s", d.get("$file")).isNotBlank();
        });
        List<String> listed = at(new Yaml().load(Files.readString(K8S.resolve("kustomization.yaml"))), "resources");
        try (Stream<Path> files = Files.list(K8S)) {
            assertThat(listed).containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
        }

        List<Map<String, Object>> sets = ofKind(docs, "StatefulSet");
        assertThat(sets).extracting(s -> (String) at(s, "metadata", "name")).containsExactlyInAnyOrder("ser-features", "ser-inference");
        String configMap = at(ofKind(docs, "ConfigMap").get(0), "metadata", "name");
        for (Map<String, Object> set : sets) {
            String name = at(set, "metadata", "name");
            String role = name.substring("ser-".length());
            Map<String, Object> selector = at(set, "spec", "selector", "matchLabels");
            assertThat((Map<String, Object>) at(set, "spec", "template", "metadata", "labels")).containsAllEntriesOf(selector);
            Map<String, Object> container = at(set, "spec", "template", "spec", "containers", "0");
            assertThat((String) container.get("image")).startsWith("ser-streams:");
            assertThat(env(container, "SER_PIPELINE_ROLES")).isEqualTo(role);
            assertThat(env(container, "KAFKA_STREAMS_DEFAULT_APPLICATION_ID")).isEqualTo("ser-streams-" + role);
            assertThat((String) at(container, "envFrom", "0", "configMapRef", "name")).isEqualTo(configMap);
            assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/readiness");
            assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/liveness");
            assertThat((Object) at(container, "ports", "0", "containerPort")).isEqualTo(8090);
            assertThat((Map<String, Object>) at(container, "resources", "requests")).containsKeys("cpu", "memory");
            assertThat((Map<String, Object>) at(container, "resources", "limits")).containsKeys("cpu", "memory");
            String stateMount = at(container, "volumeMounts", "0", "mountPath");
            assertThat(stateMount).isEqualTo(at(ofKind(docs, "ConfigMap").get(0), "data", "KAFKA_STREAMS_DEFAULT_STATE_DIR"));
            assertThat((String) at(set, "spec", "volumeClaimTemplates", "0", "metadata", "name")).isEqualTo(at(container, "volumeMounts", "0", "name"));
            // Its Service selects its pods.
            Map<String, Object> service = ofKind(docs, "Service").stream().filter(s -> name.equals(at(s, "metadata", "name"))).findFirst().orElseThrow();
            assertThat(selector).containsAllEntriesOf(at(service, "spec", "selector"));
            assertThat((String) at(set, "spec", "serviceName")).isEqualTo(name);
            // Its autoscaler targets it and watches its own consumer group's input.
            Map<String, Object> scaler = ofKind(docs, "ScaledObject").stream().filter(s -> name.equals(at(s, "spec", "scaleTargetRef", "name")))
                    .findFirst().orElseThrow(() -> new AssertionError("no ScaledObject for " + name));
            assertThat((String) at(scaler, "spec", "triggers", "0", "metadata", "consumerGroup")).isEqualTo("ser-streams-" + role);
            assertThat((String) at(scaler, "spec", "triggers", "0", "metadata", "topic"))
                    .isEqualTo(role.equals("features") ? EventTopic.AUDIO_CHUNKS.topicName() : EventTopic.AUDIO_SEGMENTS.topicName());
        }
        Map<String, Object> inference = at(sets.stream().filter(s -> "ser-inference".equals(at(s, "metadata", "name"))).findFirst().orElseThrow(),
                "spec", "template", "spec");
        assertThat((Object) at(inference, "containers", "0", "resources", "limits", "nvidia.com/gpu")).isEqualTo(1);
        assertThat(env(at(inference, "containers", "0"), "SER_MODEL_DEVICE")).isEqualTo("cuda");
        assertThat((String) at(inference, "containers", "0", "image")).endsWith("-cuda");

        // Every topic the application uses is declared, with at least as many partitions as pods may scale to.
        List<String> declared = ofKind(docs, "KafkaTopic").stream().map(t -> (String) at(t, "spec", "topicName")).toList();
        assertThat(declared).containsAll(Arrays.stream(EventTopic.values()).map(EventTopic::topicName).toList());
        // With the settings the application relies on (domain.profiles compacted).
        for (EventTopic topic : EventTopic.values()) {
            Map<String, Object> config = at(ofKind(docs, "KafkaTopic").stream().filter(t -> topic.topicName().equals(at(t, "spec", "topicName")))
                    .findFirst().orElseThrow(), "spec", "config");
            topic.configs().forEach((key, value) -> assertThat(config).as(topic.topicName()).containsEntry(key, value));
        }
        int maxPods = ofKind(docs, "ScaledObject").stream().mapToInt(s -> (Integer) at(s, "spec", "maxReplicaCount")).max().orElseThrow();
        assertThat(ofKind(docs, "KafkaTopic")).allSatisfy(t -> {
            if (!((String) at(t, "spec", "topicName")).endsWith(".dlq")) {
                assertThat((Integer) at(t, "spec", "partitions")).isGreaterThanOrEqualTo(maxPods);
            }
        });
    }

    @Test
    void composeWiresTheBrokerRegistryAndApplication() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(DOCKER.resolve("compose.yaml")));
        Map<String, Object> services = at(compose, "services");
        assertThat(services).containsKeys("kafka", "schema-registry", "ser-streams");
        assertThat((String) at(services, "kafka", "environment", "KAFKA_PROCESS_ROLES")).contains("controller");
        String brokerListener = at(services, "kafka", "environment", "KAFKA_ADVERTISED_LISTENERS");
        Map<String, Object> app = at(services, "ser-streams", "environment");
        assertThat(brokerListener).contains((String) app.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat((String) at(services, "schema-registry", "environment", "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
                .isEqualTo(app.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat((String) app.get("SER_PIPELINE_REGISTRY_URL")).isEqualTo("http://schema-registry:8081");
        assertThat((String) app.get("SER_DASHBOARD_TOKEN")).as("a token, since the container listens on all interfaces").startsWith("${SER_DASHBOARD_TOKEN:?");
        assertThat((String) at(services, "ser-streams", "build", "dockerfile")).isEqualTo("docker/Dockerfile");
        for (String dockerfile : List.of("Dockerfile", "Dockerfile.cuda")) {
            String text = Files.readString(DOCKER.resolve(dockerfile));
            assertThat(text).contains("AS build").contains("io.serstreams.streamprocessor.app.SerStreamsApplication")
                    .contains("/app/lib/*").contains("application.yml");
            assertThat(text.lines().filter(l -> l.startsWith("FROM ")).count()).isEqualTo(2);
        }
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.cuda"))).contains("-Pgpu").contains("nvidia/cuda");
        assertThat(Objects.requireNonNull(at(services, "ser-streams", "ports")).toString()).contains("8090");
    }
}
