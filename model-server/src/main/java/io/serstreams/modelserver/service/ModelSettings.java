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
}
