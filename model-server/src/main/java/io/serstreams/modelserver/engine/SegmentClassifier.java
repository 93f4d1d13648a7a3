package io.serstreams.modelserver.engine;

import java.util.List;

/** Anything that turns a batch of segments into predictions, in order: the engine, or a decorator of it. */
@FunctionalInterface
public interface SegmentClassifier {
    List<SegmentPrediction> predict(List<SegmentInput> segments);
}
