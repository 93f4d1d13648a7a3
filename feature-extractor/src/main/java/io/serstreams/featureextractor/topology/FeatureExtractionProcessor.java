package io.serstreams.featureextractor.topology;

import io.serstreams.featureextractor.audio.SampleEncoding;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.EncoderLogMel;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrontEnd;
import io.serstreams.featureextractor.features.Resampling;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.DeadLetterReason;
import io.serstreams.schemas.serde.WireFormatException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * audio.chunks to audio.segments, one channel of one call at a time: orders chunks by sequence
 * number within a bounded window, drops duplicates, conceals short gaps with silence, starts a new
 * segment run after long ones, closes a channel on end-of-call or after an idle timeout, and sends
 * whatever it cannot use to the dead-letter topic with the reason in headers.
 *
 * <p>Crash safety: the three stores are changelogged. Extractors live in memory as a cache of
 * (checkpoint + chunks since the checkpoint), both kept in stores, so a restarted or migrated task
 * rebuilds exactly the extractor it lost.
 */
final class FeatureExtractionProcessor implements Processor<String, byte[], String, FeatureOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureExtractionProcessor.class);

    private final FeatureTopologyConfig config;
    private final Deserializer<AudioChunk> chunkDeserializer;
    private final ChunkValidator validator;
    private final SegmentFeaturesMapper mapper;
    private final Map<String, ChannelFeatureExtractor> extractors = new HashMap<>();
    /** Each channel's recent audio, kept only when the model needs the encoder front end's log-mel of each segment. */
    private final Map<String, RecentAudio> recentAudio = new HashMap<>();

    private ProcessorContext<String, FeatureOutput> context;
    private KeyValueStore<String, byte[]> channels;
    private KeyValueStore<String, byte[]> chunks;
    private KeyValueStore<String, byte[]> checkpoints;

    FeatureExtractionProcessor(FeatureTopologyConfig config, Deserializer<AudioChunk> chunkDeserializer) {
        this.config = config;
        this.chunkDeserializer = chunkDeserializer;
        this.validator = new ChunkValidator(config);
        this.mapper = new SegmentFeaturesMapper(config.features());
    }

    @Override
    public void init(ProcessorContext<String, FeatureOutput> context) {
        this.context = context;
        this.channels = context.getStateStore(FeatureTopology.CHANNEL_STORE);
        this.chunks = context.getStateStore(FeatureTopology.CHUNK_STORE);
        this.checkpoints = context.getStateStore(FeatureTopology.CHECKPOINT_STORE);
        extractors.clear();
        recentAudio.clear();
        context.schedule(config.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            deadLetter(record, DeadLetterReason.EMPTY_RECORD, "record has no value");
            return;
        }
        AudioChunk chunk;
        try {
            chunk = chunkDeserializer.deserialize(sourceTopic(), record.headers(), record.value());
        } catch (WireFormatException e) {
            // An unreachable registry is not the record's fault: fail the task rather than dead-letter good audio.
            DeadLetterReason reason = DeadLetterReason.of(e).orElseThrow(() -> new StreamsException("schema registry unavailable while reading audio.chunks", e));
            deadLetter(record, reason, e.getMessage());
            return;
        }
        Optional<ChunkValidator.Rejection> rejection = validator.check(record.key(), chunk);
        if (rejection.isPresent()) {
            deadLetter(record, rejection.get().reason(), rejection.get().message());
            return;
        }
        ChannelKey key = new ChannelKey(chunk.getCallId(), chunk.getChannel().getIndex());
        long now = context.currentSystemTimeMs();
        ChannelState state = load(key);
        if (state == null) {
            state = ChannelState.open(chunk.getCallId(), chunk.getChannel().getIndex(), chunk.getSampleRate(), 0, now);
        } else if (state.closed) {
            deadLetter(record, DeadLetterReason.CALL_CLOSED, "channel " + key.channel() + " of call " + key.callId() + " has already ended");
            return;
        } else if (state.sampleRate != chunk.getSampleRate()) {
            deadLetter(record, DeadLetterReason.SAMPLE_RATE_CHANGED, "chunk at " + chunk.getSampleRate() + " Hz in a channel running at " + state.sampleRate + " Hz");
            return;
        }
        long sequence = chunk.getSequenceNumber();
        String chunkKey = key.chunk(sequence);
        if (sequence < state.nextSequence || chunks.get(chunkKey) != null) {
            LOG.debug("dropping duplicate chunk {} of {}", sequence, key);
            return;
        }
        state.role = chunk.getChannel().getRole();
        state.declaredDomain(chunk.getDeclaredDomain());
        state.lastActivityWallMs = now;
        chunks.put(chunkKey, record.value());
        state.pendingChunks++;
        drain(state, record.timestamp(), false);
        save(state);
    }

    /**
     * Applies buffered chunks in sequence while the next one is there. A missing chunk is given up
     * as lost (the next buffered one taken as the continuation) when more than the reorder window
     * wait behind it, or once when {@code forceOneGap}.
     */
    private void drain(ChannelState state, long recordTimestamp, boolean forceOneGap) {
        ChannelKey key = state.key();
        boolean force = forceOneGap;
        long now = context.currentSystemTimeMs();
        while (!state.closed && state.pendingChunks > 0) {
            byte[] next = chunks.get(key.chunk(state.nextSequence));
            if (next == null) {
                if (!force && state.pendingChunks <= config.reorderChunks()) {
                    break;
                }
                force = false;
                KeyValue<String, byte[]> following = firstBufferedAfter(key, state.nextSequence);
                if (following == null) {
                    state.pendingChunks = 0;
                    break;
                }
                long resumeAt = ChannelKey.sequenceOf(following.key);
                LOG.info("call {} channel {}: chunks {} to {} missing, going on without them", key.callId(), key.channel(),
                        state.nextSequence, resumeAt - 1);
                state.nextSequence = resumeAt;
                state.oldestPendingWallMs = now;
                continue;
            }
            state.pendingChunks--;
            apply(state, chunkDeserializer.deserialize(sourceTopic(), next), recordTimestamp);
        }
        if (state.pendingChunks == 0) {
            state.oldestPendingWallMs = 0;
        } else if (state.oldestPendingWallMs == 0) {
            state.oldestPendingWallMs = now;
        }
    }

    /** Feeds one chunk, in order, to the channel's extractor, and forwards what it completes. */
    private void apply(ChannelState state, AudioChunk chunk, long recordTimestamp) {
        ChannelFeatureExtractor extractor = extractorFor(state);
        List<Segment> completed = new ArrayList<>();
        feed(extractor, state, chunk, completed::add);
        state.nextSequence = chunk.getSequenceNumber() + 1;
        state.anchorCaptureMs = chunk.getCaptureTime().toEpochMilli();
        state.anchorSampleOffset = chunk.getSampleOffset();
        if (state.firstCaptureMs < 0) {
            state.firstCaptureMs = state.anchorCaptureMs;
        }
        long now = context.currentSystemTimeMs();
        if (chunk.getEndOfCall()) {
            extractor.finish(completed::add);
            forward(state, completed, true, extractor, recordTimestamp, now);
            close(state, now);
            return;
        }
        forward(state, completed, false, extractor, recordTimestamp, now);
        if (extractor.windowsCompleted() != state.checkpointWindows) {
            checkpoint(state, extractor);
        }
    }

    /** The part of applying a chunk that replay repeats: gap handling by sample offset, then the samples. */
    private void feed(ChannelFeatureExtractor extractor, ChannelState state, AudioChunk chunk, java.util.function.Consumer<Segment> sink) {
        long gap = chunk.getSampleOffset() - state.nextSampleOffset;
        if (gap > 0) {
            if (gap * 1000 / state.sampleRate <= config.maxConcealed().toMillis()) {
                extractor.concealGap((int) gap, sink);
            } else {
                extractor.skipGap(gap, sink);
            }
        }
        float[] samples = SampleEncoding.of(chunk.getEncoding()).decodeMono(bytes(chunk));
        if (config.frontEnd() == FrontEnd.EFFICIENTAT_LOGMEL) {
            recentAudio.computeIfAbsent(state.key().value(), k -> new RecentAudio(recentAudioCapacity(state.sampleRate)))
                    .append(chunk.getSampleOffset(), samples);
        }
        extractor.accept(samples, 0, samples.length, sink);
        state.nextSampleOffset = chunk.getSampleOffset() + samples.length;
    }

    private void forward(ChannelState state, List<Segment> segments, boolean endOfCall, ChannelFeatureExtractor extractor, long recordTimestamp, long now) {
        long lastCapture = state.anchorCaptureMs;
        for (int i = 0; i < segments.size(); i++) {
            boolean last = endOfCall && i == segments.size() - 1;
            SegmentFeatures event = mapper.toEvent(segments.get(i), state, last, lastCapture, recordTimestamp, now,
                    encoderLogMel(state, segments.get(i)));
            context.forward(new Record<>(state.callId, new FeatureOutput.ExtractedSegment(event), recordTimestamp));
        }
        if (endOfCall && segments.isEmpty()) {
            SegmentFeatures marker = mapper.endOfCallMarker(extractor.segmentCount(), extractor.position(), state, lastCapture, recordTimestamp, now);
            context.forward(new Record<>(state.callId, new FeatureOutput.ExtractedSegment(marker), recordTimestamp));
        }
    }

    /**
     * The encoder front end's log-mel of the segment's span, from the channel's audio at the feature rate (as
     * {@code classify} computes it); null when the model does not need it.
     */
    private float[] encoderLogMel(ChannelState state, Segment segment) {
        RecentAudio audio = recentAudio.get(state.key().value());
        if (config.frontEnd() != FrontEnd.EFFICIENTAT_LOGMEL || audio == null) {
            return null;
        }
        long from = segment.startSample() * state.sampleRate / segment.sampleRate();
        long to = segment.endSample() * state.sampleRate / segment.sampleRate();
        float[] span = Resampling.resample(audio.span(from, to), state.sampleRate, segment.sampleRate());
        return EncoderLogMel.of(span, segment.sampleRate(), 0, span.length);
    }

    /** The longest segment plus two of the longest chunks: the audio that can arrive before a segment is cut. */
    private int recentAudioCapacity(int inputRate) {
        FeatureConfig f = config.features();
        double seconds = (double) f.segmentFrames() * f.hopSamples() / f.sampleRate() + 2.0 * config.maxChunkDuration().toMillis() / 1000.0;
        return (int) Math.ceil(seconds * inputRate);
    }

    /** The channel's extractor: from memory, or rebuilt from its checkpoint and the chunks since. */
    private ChannelFeatureExtractor extractorFor(ChannelState state) {
        String id = state.key().value();
        ChannelFeatureExtractor extractor = extractors.get(id);
        if (extractor != null) {
            return extractor;
        }
        if (config.frontEnd() == FrontEnd.EFFICIENTAT_LOGMEL) {
            rebuildRecentAudio(state);
        }
        byte[] snapshot = checkpoints.get(id);
        extractor = snapshot == null ? new ChannelFeatureExtractor(config.features(), state.sampleRate)
                : ChannelFeatureExtractor.restore(snapshot, config.features());
        long savedOffset = state.nextSampleOffset;
        state.nextSampleOffset = state.checkpointSampleOffset;
        int replayed = 0;
        if (state.nextSequence > state.checkpointSequence) {
            try (KeyValueIterator<String, byte[]> it = chunks.range(state.key().chunk(state.checkpointSequence), state.key().chunk(state.nextSequence - 1))) {
                while (it.hasNext()) {
                    AudioChunk chunk = chunkDeserializer.deserialize(sourceTopic(), it.next().value);
                    // Segments these chunks completed were forwarded before; only the state is rebuilt.
                    feed(extractor, state, chunk, segment -> { });
                    replayed++;
                }
            }
        }
        state.nextSampleOffset = savedOffset;
        if (replayed > 0 || snapshot != null) {
            LOG.info("rebuilt the extractor of call {} channel {} from {} and {} chunk(s)", state.callId, state.channel,
                    snapshot == null ? "scratch" : "its checkpoint", replayed);
        }
        extractors.put(id, extractor);
        return extractor;
    }

    private void checkpoint(ChannelState state, ChannelFeatureExtractor extractor) {
        ChannelKey key = state.key();
        checkpoints.put(key.value(), extractor.snapshot());
        if (config.frontEnd() == FrontEnd.EFFICIENTAT_LOGMEL) {
            deleteChunksBeforeRecentAudio(state);
        } else {
            deleteChunks(key, state.checkpointSequence, state.nextSequence - 1);
            state.audioSequence = state.nextSequence;
        }
        state.checkpointSequence = state.nextSequence;
        state.checkpointSampleOffset = state.nextSampleOffset;
        state.checkpointWindows = extractor.windowsCompleted();
    }

    /**
     * Deletes the applied chunks whose audio lies wholly before the recent-audio window, keeping the rest: a segment not
     * yet cut may begin before the checkpoint, and after a restart its span is read from them.
     */
    private void deleteChunksBeforeRecentAudio(ChannelState state) {
        long keepFromOffset = state.nextSampleOffset - recentAudioCapacity(state.sampleRate);
        long keepFrom = state.audioSequence;
        try (KeyValueIterator<String, byte[]> it = chunks.range(state.key().chunk(state.audioSequence), state.key().chunk(state.nextSequence - 1))) {
            // A chunk ends where the next one starts; the newest applied one is always kept.
            while (it.hasNext()) {
                AudioChunk chunk = chunkDeserializer.deserialize(sourceTopic(), it.next().value);
                if (chunk.getSampleOffset() > keepFromOffset) {
                    break;
                }
                keepFrom = chunk.getSequenceNumber();
            }
        }
        deleteChunks(state.key(), state.audioSequence, keepFrom - 1);
        state.audioSequence = keepFrom;
    }

    /** The channel's recent audio from the chunks kept before the checkpoint; the replay after it adds the rest. */
    private void rebuildRecentAudio(ChannelState state) {
        recentAudio.remove(state.key().value());
        if (state.checkpointSequence <= state.audioSequence) {
            return;
        }
        RecentAudio audio = recentAudio.computeIfAbsent(state.key().value(), k -> new RecentAudio(recentAudioCapacity(state.sampleRate)));
        try (KeyValueIterator<String, byte[]> it = chunks.range(state.key().chunk(state.audioSequence), state.key().chunk(state.checkpointSequence - 1))) {
            while (it.hasNext()) {
                AudioChunk chunk = chunkDeserializer.deserialize(sourceTopic(), it.next().value);
                audio.append(chunk.getSampleOffset(), SampleEncoding.of(chunk.getEncoding()).decodeMono(bytes(chunk)));
            }
        }
    }

    private void close(ChannelState state, long now) {
        ChannelKey key = state.key();
        ChannelFeatureExtractor extractor = extractors.get(key.value());
        if (extractor != null) {
            LOG.info("call {} channel {} ended: {} segment(s); {}", key.callId(), key.channel(), extractor.segmentCount(),
                    extractor.tally().describe(config.features()));
        }
        deleteChunks(key, 0, Long.MAX_VALUE);
        checkpoints.delete(key.value());
        extractors.remove(key.value());
        recentAudio.remove(key.value());
        state.closed = true;
        state.closedWallMs = now;
        state.pendingChunks = 0;
    }

    /**
     * Wall-clock housekeeping: gives up on chunks missing for longer than the reorder wait, ends
     * channels idle past the timeout, and forgets ended channels after the retention.
     */
    private void sweep(long now) {
        List<ChannelState> states = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = channels.all()) {
            it.forEachRemaining(kv -> states.add(ChannelState.decode(kv.value)));
        }
        for (ChannelState state : states) {
            if (state.closed) {
                if (now - state.closedWallMs > config.closedRetention().toMillis()) {
                    channels.delete(state.key().value());
                }
                continue;
            }
            if (state.pendingChunks > 0 && now - state.oldestPendingWallMs > config.reorderWait().toMillis()) {
                drain(state, now, true);
            }
            if (!state.closed && now - state.lastActivityWallMs > config.idleTimeout().toMillis()) {
                endIdleChannel(state, now);
            }
            save(state);
        }
    }

    private void endIdleChannel(ChannelState state, long now) {
        while (state.pendingChunks > 0 && !state.closed) {
            drain(state, now, true);
        }
        if (state.closed) {
            return;
        }
        LOG.info("call {} channel {}: no audio for {}, ending it", state.callId, state.channel, config.idleTimeout());
        ChannelFeatureExtractor extractor = extractorFor(state);
        List<Segment> completed = new ArrayList<>();
        extractor.finish(completed::add);
        forward(state, completed, true, extractor, now, now);
        close(state, now);
    }

    private KeyValue<String, byte[]> firstBufferedAfter(ChannelKey key, long sequence) {
        try (KeyValueIterator<String, byte[]> it = chunks.range(key.chunk(sequence), key.lastChunk())) {
            return it.hasNext() ? it.next() : null;
        }
    }

    private void deleteChunks(ChannelKey key, long from, long to) {
        if (to < from) {
            return;
        }
        List<String> doomed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = chunks.range(key.chunk(from), key.chunk(to))) {
            it.forEachRemaining(kv -> doomed.add(kv.key));
        }
        doomed.forEach(chunks::delete);
    }

    private ChannelState load(ChannelKey key) {
        byte[] bytes = channels.get(key.value());
        return bytes == null ? null : ChannelState.decode(bytes);
    }

    private void save(ChannelState state) {
        channels.put(state.key().value(), state.encode());
    }

    private void deadLetter(Record<String, byte[]> record, DeadLetterReason reason, String message) {
        RecordHeaders headers = DeadLetterHeaders.of(record.headers().toArray(), reason, message, context.recordMetadata());
        LOG.warn("dead-lettering a record of key {}: {}", record.key(), DeadLetterHeaders.describe(reason, message));
        context.forward(new Record<>(record.key(), new FeatureOutput.RejectedChunk(record.value()), record.timestamp(), headers));
    }

    private String sourceTopic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse(FeatureTopology.DEFAULT_SOURCE_TOPIC);
    }

    private static byte[] bytes(AudioChunk chunk) {
        java.nio.ByteBuffer payload = chunk.getPayload().duplicate();
        byte[] out = new byte[payload.remaining()];
        payload.get(out);
        return out;
    }
}
