package io.serstreams.modelserver.service;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code ser.model.*} in application.yml (or SER_MODEL_* in the environment). */
@ConfigurationProperties("ser.model")
public class ModelSettings {
    /** Model bundle folder or zip; relative paths resolve against the project root. */
    private String path = "models/mpgln";
    /** cpu, or cuda with fallback to the CPU. */
    private String device = "cpu";
    /** ONNX Runtime threads per run; 0 lets it choose. */
    private int threads = 0;
    /** Whether a referenced encoder absent from the encoder cache is downloaded once at start (else the shipped model runs). */
    private boolean fetchEncoder = true;
    /** Segments per inference batch within one upload. */
    private int batchSize = 16;
    /** Domain profile files (ser classify --adapt ... --domain-profile FILE) that uploads may name with ?domain=. */
    private java.util.List<String> domainProfiles = java.util.List.of();

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getDevice() {
        return device;
    }

    public void setDevice(String device) {
        this.device = device;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public boolean isFetchEncoder() {
        return fetchEncoder;
    }

    public void setFetchEncoder(boolean fetchEncoder) {
        this.fetchEncoder = fetchEncoder;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public java.util.List<String> getDomainProfiles() {
        return domainProfiles;
    }

    public void setDomainProfiles(java.util.List<String> domainProfiles) {
        this.domainProfiles = domainProfiles == null ? java.util.List.of() : java.util.List.copyOf(domainProfiles);
    }
}
