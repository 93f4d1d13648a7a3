package io.serstreams.streamprocessor.inference;

import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.topology.DeadLetterHeaders;
import io.serstreams.featureextractor.topology.SegmentFeaturesMapper;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schema.Tensor;
import io.serstreams.schemas.serde.WireFormatException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The windowed batching processor: segments wait in a changelogged store (so a crash loses none)
 * until {@code maxBatch} of them wait or the oldest has waited {@code maxWait} (a wall-clock
 * punctuator), then go to the model together; each comes out as one emotion event, in arrival
 * order, and the summariser sees it next. Model calls are bounded in time ({@link BoundedInference});
 * a batch that fails is retried, and dead-lettered after {@code maxAttempts}.
 */
public final class SegmentBatcher implements Processor<String, byte[], String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentBatcher.class);

    private final BatchPolicy policy;
    private final SegmentClassifier classifier;
    private final ModelManifest model;
    private final Deserializer<SegmentFeatures> deserializer;
    private final DomainTagger domains;
    private final boolean perDomainTopics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<Long, byte[]> pending;
    private BoundedInference inference;
    private Cancellable punctuator;
    private long nextKey;
    /** Entries of {@link #decoded} that go to the model (all but end-of-call markers). */
    private int pendingSegments;
    /**
     * The store's entries, decoded, in key (arrival) order: flushes read these instead of reading
     * and decoding the store again. The store stays the record that survives a crash; the cache is
     * rebuilt from it at start.
     */
    private final java.util.TreeMap<Long, Decoded> decoded = new java.util.TreeMap<>();

    /** A pending entry with its segment decoded and, unless it is a marker, its model input. */
    private record Decoded(PendingSegment entry, SegmentFeatures segment, SegmentInput input) {
        Decoded withEntry(PendingSegment newer) {
            return new Decoded(newer, segment, input);
        }
    }

    /** Why a segment cannot go to this model. */
    private record Rejection(SegmentRejection reason, String message) {
    }

    public SegmentBatcher(BatchPolicy policy, SegmentClassifier classifier, ModelManifest model, Deserializer<SegmentFeatures> deserializer,
                          DomainTagger domains, boolean perDomainTopics) {
        this.perDomainTopics = perDomainTopics;
        this.policy = policy;
        this.classifier = classifier;
        this.model = model;
        this.deserializer = deserializer;
        this.domains = domains;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.pending = context.getStateStore(InferenceTopology.PENDING_STORE);
        this.inference = new BoundedInference(classifier, policy.timeout(), "inference-" + context.taskId());
        // The store survives a crash (changelog); the decoded entries are rebuilt from it.
        try (KeyValueIterator<Long, byte[]> all = pending.all()) {
            while (all.hasNext()) {
                KeyValue<Long, byte[]> entry = all.next();
                PendingSegment p = PendingSegment.fromBytes(entry.value);
                SegmentFeatures segment = deserializer.deserialize(InferenceTopology.SOURCE_TOPIC, p.record());
                remember(entry.key, new Decoded(p, segment, p.marker() ? null : inputOf(segment)));
                nextKey = entry.key + 1;
            }
        }
        if (!decoded.isEmpty()) {
            LOG.info("task {}: {} segments were waiting for the model before a restart", context.taskId(), pendingSegments);
        }
        punctuator = context.schedule(policy.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::flushIfDue);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            deadLetter(record.key(), null, record.timestamp(), record.headers().toArray(), SegmentRejection.EMPTY_RECORD, "the record has no value");
            return;
        }
        SegmentFeatures segment;
        try {
            segment = deserializer.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(InferenceTopology.SOURCE_TOPIC), record.value());
        } catch (WireFormatException e) {
            deadLetter(record.key(), record.value(), record.timestamp(), record.headers().toArray(), SegmentRejection.valueOf(e.reason().name()),
                    e.getMessage());
            return;
        }
        Rejection rejection = checkShapes(segment);
        SegmentInput input = null;
        if (rejection == null && !isMarker(segment)) {
            // Decoded once: the finiteness check and the model read the same arrays.
            input = inputOf(segment);
            rejection = checkValues(input);
        }
        if (rejection != null) {
            deadLetter(record.key(), record.value(), record.timestamp(), record.headers().toArray(), rejection.reason(), rejection.message());
            return;
        }
        PendingSegment entry = new PendingSegment(System.currentTimeMillis(), 0, record.timestamp(), isMarker(segment), record.value());
        pending.put(nextKey, entry.toBytes());
        remember(nextKey++, new Decoded(entry, segment, input));
        if (pendingSegments >= policy.maxBatch()) {
            flush();
        }
    }

    private void flushIfDue(long now) {
        if (!decoded.isEmpty() && now - decoded.firstEntry().getValue().entry().enqueuedAt() >= policy.maxWait().toMillis()) {
            flush();
        }
    }

    /** Takes the oldest entries, up to {@code maxBatch} segments (end-of-call markers ride along), and classifies them. */
    private void flush() {
        List<Long> keys = new ArrayList<>();
        List<PendingSegment> entries = new ArrayList<>();
        List<SegmentFeatures> segments = new ArrayList<>();
        List<SegmentInput> inputs = new ArrayList<>();
        for (var pendingEntry : decoded.entrySet()) {
            Decoded d = pendingEntry.getValue();
            if (!d.entry().marker() && inputs.size() == policy.maxBatch()) {
                break;
            }
            keys.add(pendingEntry.getKey());
            entries.add(d.entry());
            segments.add(d.segment());
            if (!d.entry().marker()) {
                inputs.add(d.input());
            }
        }
        long started = System.currentTimeMillis();
        List<SegmentPrediction> predictions;
        try {
            predictions = inputs.isEmpty() ? List.of() : inference.predict(inputs);
        } catch (BoundedInference.Busy e) {
            return;
        } catch (BoundedInference.Failure e) {
            retryOrDeadLetter(keys, entries, segments, e.getMessage());
            return;
        }
        long ended = System.currentTimeMillis();
        int next = 0;
        for (int i = 0; i < keys.size(); i++) {
            SegmentFeatures segment = segments.get(i);
            PendingSegment entry = entries.get(i);
            var domain = domains.tag(segment.getCallId(), segment.getDeclaredDomain());
            if (entry.marker()) {
                context.forward(new Record<>(segment.getCallId(), new ChannelEnd(segment.getCallId(), segment.getChannel(), segment.getEndMs(), domain,
                        model.name() + "-" + model.version()), entry.recordTimestamp()), InferenceTopology.SUMMARIZER);
            } else {
                var event = EmotionEvents.of(segment, predictions.get(next++), model, domain,
                        new EmotionEvents.BatchTimes(entry.enqueuedAt(), started, ended, inputs.size()));
                Record<String, Object> out = new Record<>(segment.getCallId(), event, entry.recordTimestamp());
                context.forward(out, InferenceTopology.EVENTS_SINK);
                if (perDomainTopics) {
                    context.forward(out, InferenceTopology.DOMAIN_EVENTS_SINK);
                }
                context.forward(out, InferenceTopology.SUMMARIZER);
            }
            forget(keys.get(i));
        }
    }

    private void retryOrDeadLetter(List<Long> keys, List<PendingSegment> entries, List<SegmentFeatures> segments, String message) {
        LOG.warn("task {}: a batch of {} entries failed: {}", context.taskId(), keys.size(), message);
        for (int i = 0; i < keys.size(); i++) {
            PendingSegment retried = entries.get(i).withAttempt();
            if (retried.attempts() >= policy.maxAttempts() && !retried.marker()) {
                SegmentFeatures s = segments.get(i);
                deadLetter(s.getCallId(), retried.record(), retried.recordTimestamp(), new RecordHeaders().toArray(), SegmentRejection.INFERENCE_FAILED,
                        message + " (" + retried.attempts() + " attempts)");
                forget(keys.get(i));
            } else {
                pending.put(keys.get(i), retried.toBytes());
                decoded.put(keys.get(i), decoded.get(keys.get(i)).withEntry(retried));
            }
        }
    }

    private void remember(long key, Decoded entry) {
        decoded.put(key, entry);
        if (!entry.entry().marker()) {
            pendingSegments++;
        }
    }

    /** Drops an entry from the store and from memory. */
    private void forget(long key) {
        pending.delete(key);
        if (!decoded.remove(key).entry().marker()) {
            pendingSegments--;
        }
    }

    /** The feature topology's end-of-call marker: no patches to classify. */
    static boolean isMarker(SegmentFeatures segment) {
        return segment.getEndOfCall() && segment.getLogMel().getShape().get(0) == 0;
    }

    /** Why a segment's features or tensor shapes do not fit this model, or null. */
    private Rejection checkShapes(SegmentFeatures segment) {
        if (!segment.getFeatureVersion().equals(model.features().version())) {
            return new Rejection(SegmentRejection.FEATURE_VERSION_MISMATCH,
                    "features " + segment.getFeatureVersion() + " differ from the model's " + model.features().version());
        }
        if (isMarker(segment)) {
            return null;
        }
        List<Integer> mel = segment.getLogMel().getShape();
        List<Integer> desc = segment.getDescriptors().getShape();
        if (mel.size() != 3 || mel.get(0) < 1 || mel.get(1) != model.features().patchFrames() || mel.get(2) != model.features().melBands()) {
            return new Rejection(SegmentRejection.INVALID_TENSOR,
                    "log-mel shape " + mel + " is not [patches >= 1, " + model.features().patchFrames() + ", " + model.features().melBands() + "]");
        }
        if (desc.size() != 2 || desc.get(0) < 1 || desc.get(1) != FrameDescriptor.COUNT) {
            return new Rejection(SegmentRejection.INVALID_TENSOR, "descriptor shape " + desc + " is not [frames >= 1, " + FrameDescriptor.COUNT + "]");
        }
        if (!holds(segment.getLogMel()) || !holds(segment.getDescriptors())) {
            return new Rejection(SegmentRejection.INVALID_TENSOR, "a tensor's data does not match its shape");
        }
        return null;
    }

    /** Whether the model input holds a NaN or infinite value, and where; null when all are finite. */
    private static Rejection checkValues(SegmentInput input) {
        if (!allFinite(input.logMel())) {
            return new Rejection(SegmentRejection.INVALID_TENSOR, "the log-mel tensor holds NaN or infinite values");
        }
        if (!allFinite(input.descriptors())) {
            return new Rejection(SegmentRejection.INVALID_TENSOR, "the descriptor tensor holds NaN or infinite values");
        }
        return null;
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(Tensor tensor) {
        long size = 4;
        for (int d : tensor.getShape()) {
            size *= d;
        }
        return tensor.getData().remaining() == size;
    }

    static SegmentInput inputOf(SegmentFeatures segment) {
        return new SegmentInput(SegmentFeaturesMapper.values(segment.getLogMel()), segment.getLogMel().getShape().get(0),
                SegmentFeaturesMapper.values(segment.getDescriptors()), segment.getDescriptors().getShape().get(0));
    }

    private void deadLetter(String key, byte[] value, long timestamp, org.apache.kafka.common.header.Header[] original, SegmentRejection reason,
                            String message) {
        // Inside a punctuation there is no current record (the metadata, if any, is not this segment's).
        RecordHeaders headers = DeadLetterHeaders.of(original, reason.name(), message,
                context.recordMetadata().filter(m -> m.topic() != null && reason != SegmentRejection.INFERENCE_FAILED));
        LOG.warn("dead-lettering a segment of call {}: {}: {}", key, reason, message);
        context.forward(new Record<String, Object>(key, value, timestamp, headers), InferenceTopology.DLQ_SINK);
    }

    @Override
    public void close() {
        if (punctuator != null) {
            punctuator.cancel();
        }
        if (inference != null) {
            inference.close();
        }
    }
}
