package io.serstreams.trainer.encoder;

import io.serstreams.modelserver.bundle.FeatureStatistics;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.serstreams.featureextractor.encoder.Mn04Architecture;
import io.serstreams.trainer.train.TrainingExample;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The input of mn04's fine-tuned last blocks: each example's cached activation map at the first
 * of them ({@link EncoderFeatureCache#mapBlock()}), and the statistics its pooled embedding is
 * standardised by, its domain's (of the frozen mn04's embeddings, as in {@link Mn04Input}). A
 * batch is {@code [maps [B, C, F, W], mean [B, 384], std [B, 384], widths [B]]}: the maps
 * zero-padded to the widest, each with its own width, over which the network pools it. (Cutting
 * them to the narrowest, as the frame descriptors are cut, would train the blocks mostly on the
 * half-second maps of segment tails while whole segments are scored.)
 */
public record Mn04MapInput(EncoderFeatureCache cache, Map<String, FeatureStatistics> statistics) implements EncoderInput {
    public Mn04MapInput {
        if (cache.mapBlock() < 1) {
            throw new IllegalArgumentException("the encoder cache " + cache.folder() + " keeps no activation maps");
        }
        statistics = Map.copyOf(statistics);
    }

    @Override
    public Shape shape() {
        int rows = 128;
        // The stem and each stride-2 block before the first fine-tuned one halve the frequency rows (ceil).
        rows = (rows + 1) / 2;
        for (Mn04Architecture.Block b : Mn04Architecture.blocks().subList(0, cache.mapBlock() - 1)) {
            rows = b.stride() == 2 ? (rows + 1) / 2 : rows;
        }
        return new Shape(1, Mn04Architecture.blocks().get(cache.mapBlock() - 1).in(), rows, 1);
    }

    @Override
    public NDList batch(NDManager manager, List<TrainingExample> examples) {
        List<ActivationMap> maps = examples.stream().map(this::map).toList();
        int width = maps.stream().mapToInt(ActivationMap::columns).max().orElseThrow();
        ActivationMap first = maps.get(0);
        int rows = first.channels() * first.rows();
        int d = Mn04Architecture.embeddingChannels();
        float[] values = new float[maps.size() * rows * width];
        float[] means = new float[maps.size() * d];
        float[] stds = new float[maps.size() * d];
        int[] widths = new int[maps.size()];
        for (int b = 0; b < maps.size(); b++) {
            ActivationMap map = maps.get(b);
            widths[b] = map.columns();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(map.values(), r * map.columns(), values, (b * rows + r) * width, map.columns());
            }
            FeatureStatistics stats = statisticsOf(examples.get(b));
            System.arraycopy(stats.mean(), 0, means, b * d, d);
            System.arraycopy(stats.std(), 0, stds, b * d, d);
        }
        return new NDList(manager.create(values, new Shape(maps.size(), first.channels(), first.rows(), width)),
                manager.create(means, new Shape(maps.size(), d)), manager.create(stds, new Shape(maps.size(), d)), manager.create(widths));
    }

    private ActivationMap map(TrainingExample example) {
        EncodedSegment encoded = cache.of(example.source(), example.segment().index()).orElseThrow(() -> new IllegalStateException(
                "segment " + example.segment().index() + " of " + example.source().file() + " is not in the encoder cache " + cache.folder()));
        return encoded.map();
    }

    private FeatureStatistics statisticsOf(TrainingExample example) {
        FeatureStatistics stats = statistics.get(example.source().domain());
        if (stats == null) {
            throw new IllegalStateException("no mn04 statistics for domain " + example.source().domain() + " (have " + statistics.keySet() + ")");
        }
        return stats;
    }

    @Override
    public Mn04MapInput with(String domain, FeatureStatistics stats) {
        Map<String, FeatureStatistics> copy = new HashMap<>(statistics);
        copy.put(domain, stats);
        return new Mn04MapInput(cache, copy);
    }
}
