package io.serstreams.featureextractor.topology;

/**
 * Store keys for per-channel state: {@code callId/channel}, and {@code callId/channel/sequence} for
 * buffered chunks, with the sequence zero-padded so a range scan returns a channel's chunks in order.
 */
record ChannelKey(String callId, int channel) {

    String value() {
        return callId + '\u0000' + channel;
    }

    String chunk(long sequence) {
        return value() + '\u0000' + String.format("%019d", sequence);
    }

    /** The last possible chunk key of this channel, the end of range scans. */
    String lastChunk() {
        return chunk(Long.MAX_VALUE);
    }

    static long sequenceOf(String chunkKey) {
        return Long.parseLong(chunkKey.substring(chunkKey.lastIndexOf('\u0000') + 1));
    }
}
