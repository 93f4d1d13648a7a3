package io.serstreams.streamprocessor.loadtest;

import java.util.Arrays;

/** End-to-end latencies in milliseconds, and their percentiles. Thread-safe. */
final class LatencyRecorder {
    private long[] values = new long[1024];
    private int count;

    synchronized void record(long millis) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = millis;
    }

    synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0-100), nearest rank; -1 when empty. */
    synchronized long percentile(double p) {
        if (count == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }
}
