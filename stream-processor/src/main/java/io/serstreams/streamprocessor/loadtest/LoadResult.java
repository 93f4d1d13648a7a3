package io.serstreams.streamprocessor.loadtest;

import java.util.Locale;

/**
 * One load level's figures.
 *
 * @param channels      concurrent call channels (two per stereo call)
 * @param events        emotion events received in the measured window
 * @param eventsPerSec  events per second over the window
 * @param maxLag        the largest consumer lag seen on the application's input topics (records)
 * @param finalLag      the lag one second after the calls' last chunks were sent
 * @param cpu           mean process CPU over the window, in cores
 * @param heapMb        the largest heap in use, MB (garbage included)
 * @param liveHeapMb    heap in use after a full collection at the end of the level, MB
 * @param meanBatch     mean inference batch size of the events
 * @param duplicates    events seen a second time for the same segment (exactly-once: 0)
 */
record LoadResult(int channels, int events, double eventsPerSec, long p50, long p95, long p99, long maxLag, long finalLag, double cpu,
                  long heapMb, long liveHeapMb, double meanBatch, long duplicates) {

    /** Real time held: p99 within the target and no backlog left behind. */
    boolean realTime(long p99TargetMillis) {
        return p99 >= 0 && p99 <= p99TargetMillis && finalLag < 50;
    }

    static String header() {
        return "| channels | events | events/s | p50 ms | p95 ms | p99 ms | max lag | final lag | CPU cores | heap MB | live heap MB | mean batch | duplicates | real time (p99 <= 1 s) |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
    }

    String row() {
        return String.format(Locale.ROOT, "| %d | %d | %.1f | %d | %d | %d | %d | %d | %.2f | %d | %d | %.1f | %d | %s |", channels, events, eventsPerSec, p50,
                p95, p99, maxLag, finalLag, cpu, heapMb, liveHeapMb, meanBatch, duplicates, realTime(1000) ? "yes" : "no");
    }
}
