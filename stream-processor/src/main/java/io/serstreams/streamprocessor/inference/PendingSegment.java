package io.serstreams.streamprocessor.inference;

import java.nio.ByteBuffer;

/**
 * A segment waiting in the batching store: when it arrived, how many model calls it has been
 * through, whether it is an end-of-call marker (nothing to classify), and the record exactly as
 * read from {@code audio.segments}, so the store does not depend on the schema version.
 */
public record PendingSegment(long enqueuedAt, int attempts, long recordTimestamp, boolean marker, byte[] record) {

    public byte[] toBytes() {
        return ByteBuffer.allocate(21 + record.length).putLong(enqueuedAt).putInt(attempts).putLong(recordTimestamp).put((byte) (marker ? 1 : 0))
                .put(record).array();
    }

    public static PendingSegment fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long enqueuedAt = buffer.getLong();
        int attempts = buffer.getInt();
        long timestamp = buffer.getLong();
        boolean marker = buffer.get() == 1;
        byte[] record = new byte[buffer.remaining()];
        buffer.get(record);
        return new PendingSegment(enqueuedAt, attempts, timestamp, marker, record);
    }

    public PendingSegment withAttempt() {
        return new PendingSegment(enqueuedAt, attempts + 1, recordTimestamp, marker, record);
    }
}
