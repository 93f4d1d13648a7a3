package io.serstreams.trainer.encoder;

import io.serstreams.trainer.train.TrainingExample;
import io.serstreams.trainer.train.TransferredInput;

import java.util.Map;

/**
 * The frozen mn04's vector of each example's segment, from the {@link EncoderFeatureCache},
 * standardised by the statistics of the example's domain (see {@link DomainStandardisation}).
 */
public record Mn04Input(EncoderFeatureCache cache, Mn04Features features, Map<String, FeatureStatistics> statistics) implements TransferredInput {
    public Mn04Input {
        statistics = Map.copyOf(statistics);
    }

    @Override
    public int size() {
        return features.size();
    }

    @Override
    public float[] of(TrainingExample example) {
        String domain = example.source().domain();
        FeatureStatistics stats = statistics.get(domain);
        if (stats == null) {
            throw new IllegalStateException("no mn04 statistics for domain " + domain + " (have " + statistics.keySet() + ")");
        }
        return stats.standardise(raw(cache, features, example));
    }

    /** The example's vector before standardisation. */
    static float[] raw(EncoderFeatureCache cache, Mn04Features features, TrainingExample example) {
        EncodedSegment encoded = cache.of(example.source(), example.segment().index()).orElseThrow(() -> new IllegalStateException(
                "segment " + example.segment().index() + " of " + example.source().file() + " is not in the encoder cache " + cache.folder()));
        return features.of(encoded);
    }

    /** The same input with {@code domain} standardised by {@code stats} instead. */
    public Mn04Input with(String domain, FeatureStatistics stats) {
        Map<String, FeatureStatistics> copy = new java.util.HashMap<>(statistics);
        copy.put(domain, stats);
        return new Mn04Input(cache, features, copy);
    }
}
