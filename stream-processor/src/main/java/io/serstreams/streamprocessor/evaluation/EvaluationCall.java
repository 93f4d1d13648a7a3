package io.serstreams.streamprocessor.evaluation;

import io.serstreams.streamprocessor.replay.CallRecording;

import java.util.List;

/** A call made of labelled clips: its chunks, and where each clip lies in it. */
public record EvaluationCall(CallRecording recording, List<ClipSpan> spans) {
    public EvaluationCall {
        spans = List.copyOf(spans);
    }

    public String callId() {
        return recording.callId();
    }

    /** The clip a segment over {@code [startMs, endMs)} was cut from: the one it overlaps most; null when it overlaps none. */
    public ClipSpan clipOf(long startMs, long endMs) {
        ClipSpan best = null;
        long bestOverlap = 0;
        for (ClipSpan span : spans) {
            long overlap = span.overlap(startMs, endMs);
            if (overlap > bestOverlap) {
                best = span;
                bestOverlap = overlap;
            }
        }
        return best;
    }
}
