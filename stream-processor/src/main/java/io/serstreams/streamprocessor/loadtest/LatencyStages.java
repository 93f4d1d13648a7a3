package io.serstreams.streamprocessor.loadtest;

import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.InferenceTimings;
import io.serstreams.schema.SegmentTimings;

import java.util.Locale;

/**
 * Where an event's end-to-end latency went, from the times it carries: feature extraction (last
 * chunk's record time to features ready), the hop to the batcher (the feature topology's commit
 * and the read), the batching wait, the model, and the way out (forwarding, the inference
 * topology's commit and the reader's fetch).
 */
final class LatencyStages {
    private final LatencyRecorder features = new LatencyRecorder();
    private final LatencyRecorder toBatcher = new LatencyRecorder();
    private final LatencyRecorder batchWait = new LatencyRecorder();
    private final LatencyRecorder model = new LatencyRecorder();
    private final LatencyRecorder out = new LatencyRecorder();

    void record(EmotionEvent event, long readAt) {
        SegmentTimings s = event.getSegmentTimings();
        InferenceTimings i = event.getInferenceTimings();
        features.record(s.getFeaturesReadyTime().toEpochMilli() - s.getLastChunkRecordTime().toEpochMilli());
        toBatcher.record(i.getEnqueuedTime().toEpochMilli() - s.getFeaturesReadyTime().toEpochMilli());
        batchWait.record(i.getInferenceStartTime().toEpochMilli() - i.getEnqueuedTime().toEpochMilli());
        model.record(i.getInferenceEndTime().toEpochMilli() - i.getInferenceStartTime().toEpochMilli());
        out.record(readAt - i.getInferenceEndTime().toEpochMilli());
    }

    /** p50 / p99 of each stage, in milliseconds. */
    String summary() {
        return String.format(Locale.ROOT, "stages p50/p99 ms: features %s, to batcher %s, batch wait %s, model %s, out %s", of(features), of(toBatcher),
                of(batchWait), of(model), of(out));
    }

    private static String of(LatencyRecorder r) {
        return r.percentile(50) + "/" + r.percentile(99);
    }
}
