package io.serstreams.trainer.train;

import io.serstreams.featureextractor.features.Segment;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.labels.UtteranceLabels;

/**
 * One segment of one training utterance, with the utterance's labels and domain.
 *
 * @param domain index of the utterance's domain among the training domains
 * @param source the utterance the segment was cut from
 */
public record TrainingExample(Segment segment, UtteranceLabels labels, int domain, Utterance source) {
}
