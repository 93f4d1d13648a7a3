package io.serstreams.streamprocessor.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.serstreams.schema.DeclaredDomain;
import io.serstreams.streamprocessor.inference.BatchPolicy;
import io.serstreams.streamprocessor.inference.DomainTagger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ser.inference.*}: batching, model-call limits, and domain tags. */
@ConfigurationProperties("ser.inference")
public class InferenceSettings {
    private int maxBatch = BatchPolicy.DEFAULT.maxBatch();
    private Duration maxWait = BatchPolicy.DEFAULT.maxWait();
    private Duration timeout = BatchPolicy.DEFAULT.timeout();
    private int maxAttempts = BatchPolicy.DEFAULT.maxAttempts();
    /** Model calls running at once in this instance, whichever tasks make them; 0: one per available core. */
    private int modelCalls = 0;
    /** Also write events to emotion.events.&lt;nearest training domain&gt;. */
    private boolean perDomainTopics = false;
    /** {@code tenant: tenant=..,language=..,site=..} lines: fields filled in for calls of that tenant. */
    private List<String> tenants = List.of();
    /** {@code prefix: tenant=..,language=..,site=..} lines: the domain of calls whose id starts with prefix. */
    private List<String> callIdPrefixes = List.of();

    public BatchPolicy policy() {
        return new BatchPolicy(maxBatch, maxWait, timeout, maxAttempts);
    }

    /** {@link #modelCalls} resolved: one per available core when 0. */
    public int modelCallLimit() {
        if (modelCalls < 0) {
            throw new IllegalArgumentException("ser.inference.model-calls must be 0 (one per core) or more, not " + modelCalls);
        }
        return modelCalls == 0 ? Runtime.getRuntime().availableProcessors() : modelCalls;
    }

    public DomainTagger domainTagger() {
        return new DomainTagger(mapping(tenants, "ser.inference.tenants"), mapping(callIdPrefixes, "ser.inference.call-id-prefixes"));
    }

    private static Map<String, DeclaredDomain> mapping(List<String> lines, String property) {
        Map<String, DeclaredDomain> map = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException(property + ": '" + line + "' is not 'key: tenant=..,language=..,site=..'");
            }
            map.put(line.substring(0, colon).trim(), DomainTagger.parse(line.substring(colon + 1)));
        }
        return map;
    }

    public int getMaxBatch() {
        return maxBatch;
    }

    public void setMaxBatch(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    public Duration getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public int getModelCalls() {
        return modelCalls;
    }

    public void setModelCalls(int modelCalls) {
        this.modelCalls = modelCalls;
    }

    public boolean isPerDomainTopics() {
        return perDomainTopics;
    }

    public void setPerDomainTopics(boolean perDomainTopics) {
        this.perDomainTopics = perDomainTopics;
    }

    public List<String> getTenants() {
        return tenants;
    }

    public void setTenants(List<String> tenants) {
        this.tenants = tenants;
    }

    public List<String> getCallIdPrefixes() {
        return callIdPrefixes;
    }

    public void setCallIdPrefixes(List<String> callIdPrefixes) {
        this.callIdPrefixes = callIdPrefixes;
    }
}
