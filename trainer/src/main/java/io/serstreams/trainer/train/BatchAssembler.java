package io.serstreams.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.labels.UtteranceLabels;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Packs training examples into one batch of equal-length inputs for the DJL model, standardised
 * as the serving engine will standardise them. Segments of a batch are cut to the shortest one's
 * patches and frames (a random window of the descriptors): the DJL BiLSTM has no masks, and the
 * crop doubles as augmentation.
 */
public final class BatchAssembler {
    private final Normalization norm;
    private final int patchFrames;
    private final int melBands;
    private final TransferredInput transferred;
    private final Map<String, Normalization> descriptorsByDomain;
    /** Whether the log-mel too is standardised by {@link #descriptorsByDomain}'s domain statistics. */
    private final boolean logMelByDomain;

    public BatchAssembler(Normalization norm, int patchFrames, int melBands) {
        this(norm, patchFrames, melBands, null);
    }

    /** With {@code transferred} (not null), the first input is its vector per example instead of the log-mel patches. */
    public BatchAssembler(Normalization norm, int patchFrames, int melBands, TransferredInput transferred) {
        this(norm, patchFrames, melBands, transferred, Map.of(), false);
    }

    private BatchAssembler(Normalization norm, int patchFrames, int melBands, TransferredInput transferred, Map<String, Normalization> descriptorsByDomain,
                           boolean logMelByDomain) {
        this.norm = norm;
        this.patchFrames = patchFrames;
        this.melBands = melBands;
        this.transferred = transferred;
        this.descriptorsByDomain = Map.copyOf(descriptorsByDomain);
        this.logMelByDomain = logMelByDomain;
    }

    /**
     * The same assembler with each domain's log-mel and frame descriptors standardised by that
     * domain's own statistics, as a served domain profile standardises them; every example must then
     * come from one of {@code byDomain}'s domains.
     */
    public BatchAssembler withInputStatistics(Map<String, Normalization> byDomain) {
        return new BatchAssembler(norm, patchFrames, melBands, transferred, byDomain, true);
    }

    /**
     * The same assembler with each domain's frame descriptors standardised by that domain's own
     * statistics (labels.md, "Unsupervised domain statistics") instead of the pooled ones; every
     * example must then come from one of {@code byDomain}'s domains.
     */
    public BatchAssembler withDescriptorStatistics(Map<String, Normalization> byDomain) {
        return new BatchAssembler(norm, patchFrames, melBands, transferred, byDomain, false);
    }

    /** As {@link #withDescriptorStatistics}, with {@code domain}'s descriptors standardised by {@code stats}; the others unchanged. */
    public BatchAssembler withDescriptorStatistics(String domain, Normalization stats) {
        Map<String, Normalization> copy = new HashMap<>(descriptorsByDomain);
        copy.put(domain, stats);
        return new BatchAssembler(norm, patchFrames, melBands, transferred, copy, logMelByDomain);
    }

    /** The same assembler with another transferred input. */
    public BatchAssembler withTransferred(TransferredInput input) {
        return new BatchAssembler(norm, patchFrames, melBands, input, descriptorsByDomain, logMelByDomain);
    }

    private Normalization descriptorNormalization(TrainingExample e) {
        if (descriptorsByDomain.isEmpty()) {
            return norm;
        }
        Normalization own = descriptorsByDomain.get(e.source().domain());
        if (own == null) {
            throw new IllegalStateException("no descriptor statistics for domain " + e.source().domain() + " (have " + descriptorsByDomain.keySet() + ")");
        }
        return own;
    }

    /** The first input's shape for a batch of one, for initialising the model. */
    public Shape firstInputShape() {
        return transferred == null ? new Shape(1, 2, patchFrames, melBands) : transferred.shape();
    }

    /**
     * Inputs {@code [logMel [B, P, 96, 64], descriptors [B, T, 39]]} (with a transferred input: its
     * first array instead of the log-mel, its extra ones after the descriptors) and targets
     * emotion, arousal, valence, domain.
     */
    public record Batch(NDList inputs, NDArray[] targets) {
    }

    public Batch assemble(NDManager manager, List<TrainingExample> examples, Random random) {
        int batch = examples.size();
        int patches = transferred != null ? 0 : examples.stream().mapToInt(e -> e.segment().patches()).min().orElseThrow();
        int frames = examples.stream().mapToInt(e -> e.segment().frames()).min().orElseThrow();
        int patchSize = patchFrames * melBands;
        int d = FrameDescriptor.COUNT;
        int[] offsets = cropOffsets(examples, random);
        float[] logMel = new float[batch * patches * patchSize];
        float[] descriptors = new float[batch * frames * d];
        int[][] targets = new int[4][batch];
        for (int b = 0; b < batch; b++) {
            TrainingExample e = examples.get(b);
            float[] mel = e.segment().logMel();
            Normalization dn = descriptorNormalization(e);
            Normalization mn = logMelByDomain ? dn : norm;
            for (int i = 0; i < patches * patchSize; i++) {
                logMel[b * patches * patchSize + i] = (mel[i] - mn.logMelMean()) / mn.logMelStd();
            }
            int offset = offsets[b];
            float[] rows = e.segment().descriptors();
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < d; c++) {
                    descriptors[(b * frames + f) * d + c] = (rows[(offset + f) * d + c] - dn.descriptorMean()[c]) / dn.descriptorStd()[c];
                }
            }
            UtteranceLabels labels = e.labels();
            targets[0][b] = labels.coreClass().orElse(-1);
            targets[1][b] = labels.arousal() == null ? -1 : labels.arousal().ordinal();
            targets[2][b] = labels.valence() == null ? -1 : labels.valence().ordinal();
            targets[3][b] = e.domain();
        }
        NDList fromTransferred = transferred == null ? null : transferred.batch(manager, examples);
        NDArray first = transferred == null ? manager.create(logMel, new Shape(batch, patches, patchFrames, melBands)) : fromTransferred.get(0);
        NDList inputs = new NDList(first,
                manager.create(descriptors, new Shape(batch, frames, d)));
        for (int i = 1; fromTransferred != null && i < fromTransferred.size(); i++) {
            inputs.add(fromTransferred.get(i));
        }
        NDArray[] targetArrays = new NDArray[4];
        for (int t = 0; t < 4; t++) {
            targetArrays[t] = manager.create(targets[t]).toType(DataType.INT32, false);
        }
        return new Batch(inputs, targetArrays);
    }

    /**
     * Where each example's descriptor window starts when the batch is cut to its shortest segment
     * (all 0 without {@code random}). Resuming from a checkpoint calls this alone to replay the
     * random draws of the steps already taken.
     */
    public static int[] cropOffsets(List<TrainingExample> examples, Random random) {
        int frames = examples.stream().mapToInt(e -> e.segment().frames()).min().orElseThrow();
        int[] offsets = new int[examples.size()];
        for (int b = 0; random != null && b < offsets.length; b++) {
            offsets[b] = random.nextInt(examples.get(b).segment().frames() - frames + 1);
        }
        return offsets;
    }
}
