package io.serstreams.featureextractor.topology;

import io.serstreams.featureextractor.audio.SampleEncoding;
import io.serstreams.featureextractor.audio.SampleRange;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schemas.DeadLetterReason;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/** Checks a decoded chunk on its own, before it touches any state. */
final class ChunkValidator {
    static final int MIN_SAMPLE_RATE = 4000;
    static final int MAX_SAMPLE_RATE = 192_000;

    private final FeatureTopologyConfig config;

    ChunkValidator(FeatureTopologyConfig config) {
        this.config = config;
    }

    /** A rejected chunk: why, and a sentence saying so. */
    record Rejection(DeadLetterReason reason, String message) {
    }

    Optional<Rejection> check(String key, AudioChunk chunk) {
        if (!chunk.getCallId().equals(key)) {
            return reject(DeadLetterReason.KEY_MISMATCH, "record key '" + key + "' is not the chunk's call id '" + chunk.getCallId() + "'");
        }
        if (chunk.getChannel().getIndex() < 0 || chunk.getSequenceNumber() < 0 || chunk.getSampleOffset() < 0) {
            return reject(DeadLetterReason.INVALID_POSITION, "negative channel (" + chunk.getChannel().getIndex() + "), sequence ("
                    + chunk.getSequenceNumber() + ") or sample offset (" + chunk.getSampleOffset() + ")");
        }
        int rate = chunk.getSampleRate();
        if (rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
            return reject(DeadLetterReason.INVALID_SAMPLE_RATE, "sample rate " + rate + " Hz is outside " + MIN_SAMPLE_RATE + "-" + MAX_SAMPLE_RATE + " Hz");
        }
        int bytes = chunk.getPayload().remaining();
        SampleEncoding encoding = SampleEncoding.of(chunk.getEncoding());
        if (bytes > config.maxChunkBytes()) {
            return reject(DeadLetterReason.OVERSIZE_CHUNK, bytes + " payload bytes exceed the limit of " + config.maxChunkBytes());
        }
        if (bytes % encoding.bytesPerSample() != 0) {
            return reject(DeadLetterReason.PAYLOAD_SIZE_MISMATCH, bytes + " bytes are not a whole number of " + chunk.getEncoding()
                    + " samples (" + encoding.bytesPerSample() + " bytes each)");
        }
        long samples = bytes / encoding.bytesPerSample();
        long millis = samples * 1000 / rate;
        if (millis > config.maxChunkDuration().toMillis()) {
            return reject(DeadLetterReason.OVERSIZE_CHUNK, millis + " ms of audio exceed the limit of " + config.maxChunkDuration().toMillis() + " ms per chunk");
        }
        if (chunk.getEncoding() == AudioEncoding.FLOAT32LE) {
            // The only chunk encoding that can hold NaN, infinities or values far beyond full scale.
            ByteBuffer floats = chunk.getPayload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; floats.remaining() >= 4; i++) {
                float sample = floats.getFloat();
                if (!SampleRange.accepts(sample)) {
                    return reject(DeadLetterReason.INVALID_SAMPLES, "sample " + i + " of the chunk (sample offset "
                            + (chunk.getSampleOffset() + i) + " of the channel) " + SampleRange.problem(sample, "the FLOAT32LE payload"));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(DeadLetterReason reason, String message) {
        return Optional.of(new Rejection(reason, message));
    }
}
