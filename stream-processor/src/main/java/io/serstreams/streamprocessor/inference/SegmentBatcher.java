package io.serstreams.streamprocessor.inference;

import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.topology.DeadLetterHeaders;
import io.serstreams.featureextractor.topology.SegmentFeaturesMapper;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.featureextractor.features.EfficientAtFrontEnd;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.modelserver.profile.ProfileMoments;
import io.serstreams.schema.DeclaredDomain;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schema.Tensor;
import io.serstreams.schemas.DeadLetterReason;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.serde.WireFormatException;
import io.serstreams.streamprocessor.profiles.ActiveProfiles;
import io.serstreams.streamprocessor.profiles.ProfileSettings;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The windowed batching processor: segments wait in a changelogged store (so a crash loses none)
 * until {@code maxBatch} of them wait or the oldest has waited {@code maxWait} (a wall-clock
 * punctuator), then go to the model together; each comes out as one emotion event, in arrival
 * order, and the summariser sees it next. The model runs on a worker thread while the stream thread
 * goes on reading and committing (at most {@link #MAX_IN_FLIGHT} batches at a time); a segment stays
 * in the store until its event is forwarded, so a crash or a rebalance while the model works loses
 * nothing. Model calls are bounded in time ({@link BoundedInference}); a batch that fails is retried,
 * and dead-lettered after {@code maxAttempts}.
 *
 * <p>Each segment read comes out once, as one of the {@link BatcherOutput}s: its event, its
 * rejection (reason in the headers), or, for an end-of-call marker, the channel's end.
 *
 * <p>With domain profiles on, a segment of a declared domain whose profile is active goes to the model
 * standardised by that profile (read from the global store over {@code domain.profiles}; any other
 * segment by the training pool's statistics), and every speech segment of a declared domain adds its
 * sums to its domain's profile: a {@link BatcherOutput.ProfileContribution} after its event.
 */
public final class SegmentBatcher implements Processor<String, byte[], String, BatcherOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentBatcher.class);
    private static final String SOURCE_TOPIC = EventTopic.AUDIO_SEGMENTS.topicName();

    private final String pendingStore;
    private final BatchPolicy policy;
    private final SegmentClassifier classifier;
    private final ModelManifest model;
    private final Deserializer<SegmentFeatures> deserializer;
    private final DomainTagger domains;
    private final ProfileSettings profileSettings;
    private final String profilesStore;
    private final Deserializer<DomainProfileState> profileReader;
    /** Values of the model's encoder output a profile has sums of; 0 for a model with its own extractor. */
    private final int encoderWidth;
    private ActiveProfiles profiles;
    private ProcessorContext<String, BatcherOutput> context;
    private KeyValueStore<Long, byte[]> pending;
    private BoundedInference inference;
    private Cancellable punctuator;
    private long nextKey;
    /**
     * The store's entries not yet handed to the model, decoded, in key (arrival) order: batches are
     * made from these without reading and decoding the store again. The store stays the record that
     * survives a crash (it holds an entry until its event is forwarded); this is rebuilt from it at
     * start.
     */
    private final TreeMap<Long, Decoded> waiting = new TreeMap<>();
    /** Entries of {@link #waiting} that go to the model (all but end-of-call markers). */
    private int waitingSegments;
    /** Batches handed to the model, oldest first; their events are forwarded in this order. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

    /**
     * Batches the model may hold at once: one running and one queued behind it, so the model works
     * while the stream thread reads, decodes and commits (the answers are forwarded by the stream
     * thread, at its next record or punctuation).
     */
    static final int MAX_IN_FLIGHT = 2;

    /** A pending entry with its segment decoded and, unless it is a marker, its model input. */
    private record Decoded(PendingSegment entry, SegmentFeatures segment, SegmentInput input) {
        Decoded withEntry(PendingSegment newer) {
            return new Decoded(newer, segment, input);
        }
    }

    /**
     * Entries handed to the model in one call ({@code null} when they are all end-of-call markers), with the
     * segments' inputs as the model got them (each with the profile it was standardised by).
     */
    private record InFlight(List<Long> keys, List<Decoded> entries, List<SegmentInput> inputs, BoundedInference.Call call) {
        int segments() {
            return inputs.size();
        }
    }

    /** Why a segment cannot go to this model. */
    private record Rejection(DeadLetterReason reason, String message) {
    }

    /**
     * @param pendingStore  the key-value store (arrival number to {@link PendingSegment} bytes) the topology gives it
     * @param profilesStore the global store of each domain's latest {@link DomainProfileState} record, as read; unused when profiles are off
     * @param profileReader decodes those records
     */
    public SegmentBatcher(String pendingStore, BatchPolicy policy, SegmentClassifier classifier, ModelManifest model,
                          Deserializer<SegmentFeatures> deserializer, DomainTagger domains, ProfileSettings profileSettings, String profilesStore,
                          Deserializer<DomainProfileState> profileReader) {
        this.pendingStore = pendingStore;
        this.policy = policy;
        this.classifier = classifier;
        this.model = model;
        this.deserializer = deserializer;
        this.domains = domains;
        this.profileSettings = profileSettings;
        this.profilesStore = profilesStore;
        this.profileReader = profileReader;
        double[] encoderSums = ProfileMoments.empty(model).encoderSum();
        this.encoderWidth = encoderSums == null ? 0 : encoderSums.length;
    }

    @Override
    public void init(ProcessorContext<String, BatcherOutput> context) {
        this.context = context;
        this.pending = context.getStateStore(pendingStore);
        this.inference = new BoundedInference(classifier, policy.timeout(), "inference-" + context.taskId());
        if (profileSettings.enabled()) {
            // A global store over domain.profiles: every instance sees every domain's latest profile.
            KeyValueStore<String, ValueAndTimestamp<byte[]>> latest = context.getStateStore(profilesStore);
            profiles = new ActiveProfiles(key -> {
                ValueAndTimestamp<byte[]> record = latest.get(key);
                return record == null ? null : record.value();
            }, profileReader, model);
        }
        // The store survives a crash (changelog); the waiting entries are rebuilt from it.
        try (KeyValueIterator<Long, byte[]> all = pending.all()) {
            while (all.hasNext()) {
                KeyValue<Long, byte[]> entry = all.next();
                PendingSegment p = PendingSegment.fromBytes(entry.value);
                SegmentFeatures segment = deserializer.deserialize(SOURCE_TOPIC, p.record());
                remember(entry.key, new Decoded(p, segment, p.marker() ? null : inputOf(segment)));
                nextKey = entry.key + 1;
            }
        }
        if (!waiting.isEmpty()) {
            LOG.info("task {}: {} segments were waiting for the model before a restart", context.taskId(), waitingSegments);
        }
        punctuator = context.schedule(policy.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        forwardAnswered();
        if (record.value() == null) {
            deadLetter(record.key(), null, record.timestamp(), record.headers().toArray(), DeadLetterReason.EMPTY_RECORD, "the record has no value");
            return;
        }
        SegmentFeatures segment;
        try {
            segment = deserializer.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(SOURCE_TOPIC), record.value());
        } catch (WireFormatException e) {
            // An unreachable registry is not the record's fault: fail the task rather than dead-letter a good segment.
            DeadLetterReason reason = DeadLetterReason.of(e).orElseThrow(() -> new StreamsException("schema registry unavailable while reading audio.segments", e));
            deadLetter(record.key(), record.value(), record.timestamp(), record.headers().toArray(), reason, e.getMessage());
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
        if (waitingSegments >= policy.maxBatch()) {
            dispatch();
        }
    }

    private void punctuate(long now) {
        forwardAnswered();
        if (!waiting.isEmpty() && now - waiting.firstEntry().getValue().entry().enqueuedAt() >= policy.maxWait().toMillis()) {
            dispatch();
            // A batch that went for its age, not its size: segments come slowly, so the stream thread
            // has little else to do; it waits for the answer rather than leave it to the next
            // record or punctuation of this task, which may be a while.
            awaitInFlight();
        }
    }

    /** Waits until every batch with the model is answered and forwarded, or has failed. */
    private void awaitInFlight() {
        while (!inFlight.isEmpty() && awaitOldest()) {
            // each round waits at most until the oldest batch's deadline
        }
    }

    /**
     * Waits for the oldest batch with the model, at most until its deadline, then forwards what is
     * answered; false when nothing left the queue (the wait was interrupted).
     */
    private boolean awaitOldest() {
        BoundedInference.Call oldest = inFlight.peekFirst().call();
        if (oldest != null) {
            try {
                oldest.await();
            } catch (BoundedInference.Failure e) {
                // Reported by forwardAnswered, which also puts the batch back.
            }
        }
        int before = inFlight.size();
        forwardAnswered();
        return inFlight.size() < before;
    }

    /**
     * Hands the oldest waiting entries, up to {@code maxBatch} segments (end-of-call markers ride
     * along), to the model. With {@link #MAX_IN_FLIGHT} batches already there, first waits for the
     * oldest of them (at most the timeout), so the model never falls more than that behind.
     */
    private void dispatch() {
        while (inFlight.size() >= MAX_IN_FLIGHT) {
            if (!awaitOldest()) {
                return; // the entries wait on; the next record or punctuation tries again
            }
        }
        List<Long> keys = new ArrayList<>();
        List<Decoded> entries = new ArrayList<>();
        List<SegmentInput> inputs = new ArrayList<>();
        for (var waitingEntry : waiting.entrySet()) {
            Decoded d = waitingEntry.getValue();
            if (!d.entry().marker() && inputs.size() == policy.maxBatch()) {
                break;
            }
            keys.add(waitingEntry.getKey());
            entries.add(d);
            if (!d.entry().marker()) {
                // The profile is looked up as the segment goes to the model: one that became active meanwhile is used.
                inputs.add(profiles == null ? d.input() : d.input().withProfile(profiles.of(profileKey(d.segment()))));
            }
        }
        BoundedInference.Call call = null;
        if (!inputs.isEmpty()) {
            try {
                call = inference.submit(inputs);
            } catch (BoundedInference.Busy e) {
                return;
            }
        }
        for (Long key : keys) {
            take(key);
        }
        inFlight.addLast(new InFlight(keys, entries, inputs, call));
        forwardAnswered();
    }

    /**
     * Forwards the answers of the batches at the head of the queue that are done, in order; a batch
     * that failed or overran its timeout goes back to wait (or to the dead-letter topic after its
     * attempts) together with every batch behind it, so that events keep their arrival order.
     */
    private void forwardAnswered() {
        while (!inFlight.isEmpty()) {
            InFlight head = inFlight.peekFirst();
            List<SegmentPrediction> predictions = List.of();
            if (head.call() != null) {
                if (!head.call().isDone() && !head.call().isOverdue()) {
                    return;
                }
                try {
                    predictions = head.call().await();
                } catch (BoundedInference.Failure e) {
                    failed(e.getMessage());
                    return;
                }
            }
            inFlight.removeFirst();
            forward(head, predictions);
        }
    }

    private void forward(InFlight batch, List<SegmentPrediction> predictions) {
        long started = batch.call() == null ? System.currentTimeMillis() : batch.call().startedAtMillis();
        long ended = batch.call() == null ? started : batch.call().endedAtMillis();
        int next = 0;
        for (int i = 0; i < batch.keys().size(); i++) {
            SegmentFeatures segment = batch.entries().get(i).segment();
            PendingSegment entry = batch.entries().get(i).entry();
            BatcherOutput out;
            BatcherOutput.ProfileContribution contribution = null;
            if (entry.marker()) {
                out = new BatcherOutput.ChannelEnd(segment.getCallId(), segment.getChannel().getIndex());
            } else {
                SegmentInput input = batch.inputs().get(next);
                SegmentPrediction prediction = predictions.get(next++);
                DeclaredDomain domain = domains.tag(segment.getCallId(), segment.getDeclaredDomain());
                out = new BatcherOutput.ClassifiedSegment(EmotionEvents.of(segment, prediction, model, domain,
                        input.profile() == null ? null : input.profile().domain(),
                        new EmotionEvents.BatchTimes(entry.enqueuedAt(), started, ended, batch.segments())));
                contribution = contributionOf(segment, domain, input, prediction);
            }
            context.forward(new Record<>(segment.getCallId(), out, entry.recordTimestamp()));
            if (contribution != null) {
                context.forward(new Record<>(contribution.domain(), contribution, entry.recordTimestamp()));
            }
            pending.delete(batch.keys().get(i));
        }
    }

    /**
     * The head batch failed: its entries count an attempt and wait again, or go to the dead-letter
     * topic after their last; the batches behind it wait again without an attempt counted.
     */
    private void failed(String message) {
        InFlight head = inFlight.removeFirst();
        LOG.warn("task {}: a batch of {} entries failed: {}", context.taskId(), head.keys().size(), message);
        for (int i = 0; i < head.keys().size(); i++) {
            long key = head.keys().get(i);
            Decoded d = head.entries().get(i);
            PendingSegment retried = d.entry().withAttempt();
            if (retried.attempts() >= policy.maxAttempts() && !retried.marker()) {
                SegmentFeatures s = d.segment();
                deadLetter(s.getCallId(), retried.record(), retried.recordTimestamp(), new RecordHeaders().toArray(), DeadLetterReason.INFERENCE_FAILED,
                        message + " (" + retried.attempts() + " attempts)");
                pending.delete(key);
            } else {
                pending.put(key, retried.toBytes());
                remember(key, d.withEntry(retried));
            }
        }
        while (!inFlight.isEmpty()) {
            InFlight behind = inFlight.removeFirst();
            if (behind.call() != null) {
                behind.call().abandon();
            }
            for (int i = 0; i < behind.keys().size(); i++) {
                remember(behind.keys().get(i), behind.entries().get(i));
            }
        }
    }

    /** The key of the profile {@code segment}'s domain has; null for a call of no declared domain, or with profiles off. */
    private String profileKey(SegmentFeatures segment) {
        return profileSettings.enabled() ? profileSettings.key().of(domains.tag(segment.getCallId(), segment.getDeclaredDomain())) : null;
    }

    /**
     * What a classified segment adds to its domain's profile: its raw inputs' and raw encoder output's sums,
     * for a speech segment of a declared domain with profiles on; null otherwise (silence, music and tones never feed one).
     */
    private BatcherOutput.ProfileContribution contributionOf(SegmentFeatures segment, DeclaredDomain domain, SegmentInput input,
                                                             SegmentPrediction prediction) {
        String key = profileSettings.enabled() ? profileSettings.key().of(domain) : null;
        if (key == null || !prediction.speech().speech()) {
            return null;
        }
        double seconds = (segment.getEndMs() - segment.getStartMs()) / 1000.0;
        // The input's arrays are raw whatever its profile (the engine standardises them), as a profile's sums must be.
        return new BatcherOutput.ProfileContribution(key, ProfileMoments.ofSegment(input, prediction.encoderOutput(),
                model.features().melBands(), seconds, encoderWidth));
    }

    /** An entry starts waiting for the model. */
    private void remember(long key, Decoded entry) {
        waiting.put(key, entry);
        if (!entry.entry().marker()) {
            waitingSegments++;
        }
    }

    /** An entry leaves the waiting ones for a batch (it stays in the store until its event is forwarded). */
    private void take(long key) {
        if (!waiting.remove(key).entry().marker()) {
            waitingSegments--;
        }
    }

    /** The feature topology's end-of-call marker: no patches to classify. */
    static boolean isMarker(SegmentFeatures segment) {
        return segment.getEndOfCall() && segment.getLogMel().getShape().get(0) == 0;
    }

    /** Why a segment's features or tensor shapes do not fit this model, or null. */
    private Rejection checkShapes(SegmentFeatures segment) {
        if (!segment.getFeatureVersion().equals(model.features().version())) {
            return new Rejection(DeadLetterReason.FEATURE_VERSION_MISMATCH,
                    "features " + segment.getFeatureVersion() + " differ from the model's " + model.features().version());
        }
        if (isMarker(segment)) {
            return null;
        }
        List<Integer> mel = segment.getLogMel().getShape();
        List<Integer> desc = segment.getDescriptors().getShape();
        if (mel.size() != 3 || mel.get(0) < 1 || mel.get(1) != model.features().patchFrames() || mel.get(2) != model.features().melBands()) {
            return new Rejection(DeadLetterReason.INVALID_TENSOR,
                    "log-mel shape " + mel + " is not [patches >= 1, " + model.features().patchFrames() + ", " + model.features().melBands() + "]");
        }
        if (desc.size() != 2 || desc.get(0) < 1 || desc.get(1) != FrameDescriptor.COUNT) {
            return new Rejection(DeadLetterReason.INVALID_TENSOR, "descriptor shape " + desc + " is not [frames >= 1, " + FrameDescriptor.COUNT + "]");
        }
        if (!holds(segment.getLogMel()) || !holds(segment.getDescriptors())) {
            return new Rejection(DeadLetterReason.INVALID_TENSOR, "a tensor's data does not match its shape");
        }
        Tensor encoder = segment.getEncoderLogMel();
        if (model.encoder() != null && encoder == null) {
            return new Rejection(DeadLetterReason.FEATURE_VERSION_MISMATCH, "the model runs encoder " + model.encoder().name()
                    + " and needs each segment's " + model.encoder().frontEnd().id() + " log-mel; this segment has none (the feature "
                    + "topology computes it when its model, or ser.pipeline.front-end, asks for it)");
        }
        if (encoder != null && (encoder.getShape().size() != 2 || encoder.getShape().get(0) < 1
                || encoder.getShape().get(1) != EfficientAtFrontEnd.MEL_BANDS || !holds(encoder))) {
            return new Rejection(DeadLetterReason.INVALID_TENSOR, "encoder log-mel shape " + encoder.getShape() + " is not [frames >= 1, "
                    + EfficientAtFrontEnd.MEL_BANDS + "] or its data does not match it");
        }
        return null;
    }

    /** Whether the model input holds a NaN or infinite value, and where; null when all are finite. */
    private static Rejection checkValues(SegmentInput input) {
        if (!allFinite(input.logMel())) {
            return new Rejection(DeadLetterReason.INVALID_TENSOR, "the log-mel tensor holds NaN or infinite values");
        }
        if (!allFinite(input.descriptors())) {
            return new Rejection(DeadLetterReason.INVALID_TENSOR, "the descriptor tensor holds NaN or infinite values");
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

    /** The model input of {@code segment}, raw (no profile). */
    public static SegmentInput inputOf(SegmentFeatures segment) {
        Tensor encoder = segment.getEncoderLogMel();
        return new SegmentInput(SegmentFeaturesMapper.values(segment.getLogMel()), segment.getLogMel().getShape().get(0),
                SegmentFeaturesMapper.values(segment.getDescriptors()), segment.getDescriptors().getShape().get(0),
                encoder == null ? null : SegmentFeaturesMapper.values(encoder), encoder == null ? 0 : encoder.getShape().get(0));
    }

    private void deadLetter(String key, byte[] value, long timestamp, org.apache.kafka.common.header.Header[] original, DeadLetterReason reason,
                            String message) {
        // Inside a punctuation there is no current record (the metadata, if any, is not this segment's).
        RecordHeaders headers = DeadLetterHeaders.of(original, reason, message,
                context.recordMetadata().filter(m -> m.topic() != null && reason != DeadLetterReason.INFERENCE_FAILED));
        LOG.warn("dead-lettering a segment of call {}: {}", key, DeadLetterHeaders.describe(reason, message));
        context.forward(new Record<>(key, new BatcherOutput.RejectedSegment(value), timestamp, headers));
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
