package io.serstreams.streamprocessor.evaluation;

/** Where a clip lies in its call, in milliseconds from the call's start. */
public record ClipSpan(LabelledClip clip, long startMs, long endMs) {
    /** Milliseconds that {@code [from, to)} shares with the clip. */
    long overlap(long from, long to) {
        return Math.max(0, Math.min(to, endMs) - Math.max(from, startMs));
    }
}
