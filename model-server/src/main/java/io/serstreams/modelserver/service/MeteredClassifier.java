package io.serstreams.modelserver.service;

import io.micronaut.context.annotation.Requires;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The engine with its work counted: inference latency per batch (a histogram), batch sizes, and
 * segments classified (whose rate is segments per second).
 */
// Applications that embed the model server (the stream processor) switch it off where they run no model.
@Requires(property = "ser.model.enabled", notEquals = "false")
@Singleton
public class MeteredClassifier implements SegmentClassifier {
    private final InferenceEngine engine;
    private final Timer latency;
    private final DistributionSummary batchSizes;
    private final Counter segments;

    public MeteredClassifier(InferenceEngine engine, MeterRegistry registry) {
        this.engine = engine;
        this.latency = Timer.builder("ser.inference.latency").description("Time to run one batch through the model")
                .publishPercentileHistogram().register(registry);
        this.batchSizes = DistributionSummary.builder("ser.inference.batch.size").description("Segments per inference batch")
                .publishPercentileHistogram().register(registry);
        this.segments = Counter.builder("ser.inference.segments").description("Segments classified").register(registry);
    }

    @Override
    public List<SegmentPrediction> predict(List<SegmentInput> batch) {
        List<SegmentPrediction> result = latency.record(() -> engine.predict(batch));
        batchSizes.record(batch.size());
        segments.increment(batch.size());
        return result;
    }
}
