package io.serstreams.featureextractor.topology;

import java.util.Arrays;

/**
 * The last stretch of one channel's audio at its input rate, by sample offset from the start of the
 * call, so a segment's span can be read again once the extractor has cut it (the encoder front end
 * analyses each segment's audio on its own). Gaps read as silence, as the extractor conceals them.
 * Not persisted: after a restart it holds what the replay since the checkpoint fed it.
 */
final class RecentAudio {
    private final float[] ring;
    /** Offset of the sample after the newest one held. */
    private long end;
    /** Offset of the oldest sample held. */
    private long start;

    /** @param capacity samples kept: the longest segment plus the audio that can arrive before it is cut */
    RecentAudio(int capacity) {
        this.ring = new float[capacity];
    }

    /** Adds {@code samples} starting at {@code offset}; audio skipped since the last call reads as silence. */
    void append(long offset, float[] samples) {
        if (offset < end) {
            // A chunk overlapping what is held (not expected from the in-order feed): keep the newer samples only.
            int skip = (int) Math.min(samples.length, end - offset);
            samples = Arrays.copyOfRange(samples, skip, samples.length);
            offset = end;
        }
        if (offset - end >= ring.length) {
            start = offset; // everything held is older than the ring reaches back
            end = offset;
        } else {
            for (long o = end; o < offset; o++) {
                ring[(int) (o % ring.length)] = 0f;
            }
            end = offset;
        }
        for (float s : samples) {
            ring[(int) (end % ring.length)] = s;
            end++;
        }
        start = Math.max(start, end - ring.length);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive); what is no longer or not yet held reads as 0. */
    float[] span(long from, long to) {
        float[] out = new float[(int) Math.max(0, to - from)];
        for (long o = Math.max(from, start); o < Math.min(to, end); o++) {
            out[(int) (o - from)] = ring[(int) (o % ring.length)];
        }
        return out;
    }
}
