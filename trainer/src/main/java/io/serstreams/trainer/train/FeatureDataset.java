package io.serstreams.trainer.train;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns utterances into training examples with the very feature extractor the live pipeline runs,
 * so training and serving features cannot drift. An utterance gives one example per segment it
 * yields; one too short or too silent to yield any is reported and left out.
 */
public final class FeatureDataset {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureDataset.class);

    private FeatureDataset() {
    }

    public static List<TrainingExample> build(List<Utterance> utterances, List<String> domains, FeatureConfig features, DataProblems problems) {
        return build(utterances, domains, features, problems, SegmentSource.reading(features));
    }

    /** As above, the segments taken from {@code source}. */
    public static List<TrainingExample> build(List<Utterance> utterances, List<String> domains, FeatureConfig features, DataProblems problems,
                                              SegmentSource source) {
        List<TrainingExample> examples = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            int domain = domains.indexOf(u.domain());
            if (domain < 0) {
                problems.report(u.file(), "domain " + u.domain() + " is not among the training domains " + domains);
                continue;
            }
            List<Segment> segments;
            try {
                segments = source.of(u);
            } catch (AudioFormatException e) {
                problems.report(u.file(), e.getMessage());
                continue;
            }
            if (segments.isEmpty()) {
                problems.report(u.file(), "no segment voiced enough and long enough (" + features.minTailFrames() + " frames) to learn from");
            }
            for (Segment s : segments) {
                examples.add(new TrainingExample(s, u.labels(), domain, u));
            }
            if ((i + 1) % 500 == 0 || i + 1 == utterances.size()) {
                double seconds = (System.nanoTime() - start) / 1e9;
                LOG.info("features: {}/{} files, {} segments, {} s elapsed, about {} s left", i + 1, utterances.size(), examples.size(),
                        Math.round(seconds), Math.round(seconds / (i + 1) * (utterances.size() - i - 1)));
            }
        }
        return examples;
    }
}
