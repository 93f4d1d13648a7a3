package io.serstreams.trainer.encoder;

import io.serstreams.modelserver.bundle.FeatureStatistics;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.serstreams.trainer.train.TrainingExample;

import java.util.List;
import java.util.Map;

/**
 * The frozen mn04's vector of each example's segment, from the {@link EncoderFeatureCache},
 * standardised by the statistics of the example's domain (see {@link DomainStandardisation}).
 */
public record Mn04Input(EncoderFeatureCache cache, Mn04Features features, Map<String, FeatureStatistics> statistics) implements EncoderInput {
    public Mn04Input {
        statistics = Map.copyOf(statistics);
    }

    /** The vector's length. */
    public int size() {
        return features.size();
    }

    @Override
    public Shape shape() {
        return new Shape(1, size());
    }

    /** The examples' standardised vectors, {@code [B, size]}. */
    @Override
    public NDList batch(NDManager manager, List<TrainingExample> examples) {
        int size = size();
        float[] values = new float[examples.size() * size];
        for (int b = 0; b < examples.size(); b++) {
            System.arraycopy(of(examples.get(b)), 0, values, b * size, size);
        }
        return new NDList(manager.create(values, new Shape(examples.size(), size)));
    }

    /** The standardised vector of {@code example}. */
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

    @Override
    public Mn04Input with(String domain, FeatureStatistics stats) {
        Map<String, FeatureStatistics> copy = new java.util.HashMap<>(statistics);
        copy.put(domain, stats);
        return new Mn04Input(cache, features, copy);
    }
}
