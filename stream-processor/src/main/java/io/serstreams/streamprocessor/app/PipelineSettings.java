package io.serstreams.streamprocessor.app;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.List;

/** {@code ser.pipeline.*}: what this instance runs and where the schemas are. */
@ConfigurationProperties("ser.pipeline")
public class PipelineSettings {
    /** features, inference, or both: feature pods and inference pods scale apart. */
    private List<String> roles = List.of("features", "inference");
    /** Confluent-compatible schema registry; several URLs separated by commas. */
    private String registryUrl = "http://localhost:8081";
    /** Create missing topics at start (off where topics are managed elsewhere, e.g. by the k8s manifests). */
    private boolean createTopics = true;
    private int partitions = 4;
    private short replicationFactor = 1;
    /** How long start-up waits for the broker to answer. */
    private java.time.Duration brokerTimeout = java.time.Duration.ofSeconds(15);

    /**
     * The log-mel the feature role computes when this instance runs no model (a features-only instance): vggish-logmel,
     * or efficientat-logmel for a model that references the mn04 encoder. Where the instance runs the model, its bundle decides.
     */
    private String frontEnd = "vggish-logmel";

    public String getFrontEnd() {
        return frontEnd;
    }

    public void setFrontEnd(String frontEnd) {
        this.frontEnd = frontEnd;
    }

    public java.time.Duration getBrokerTimeout() {
        return brokerTimeout;
    }

    public void setBrokerTimeout(java.time.Duration brokerTimeout) {
        this.brokerTimeout = brokerTimeout;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles;
    }

    public String getRegistryUrl() {
        return registryUrl;
    }

    public void setRegistryUrl(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    public boolean isCreateTopics() {
        return createTopics;
    }

    public void setCreateTopics(boolean createTopics) {
        this.createTopics = createTopics;
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public short getReplicationFactor() {
        return replicationFactor;
    }

    public void setReplicationFactor(short replicationFactor) {
        this.replicationFactor = replicationFactor;
    }
}
