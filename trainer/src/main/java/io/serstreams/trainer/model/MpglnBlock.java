package io.serstreams.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MPGLN in DJL. Inputs: log-mel patches {@code [B, P, 96, 64]} and frame descriptors
 * {@code [B, T, 39]} (standardised); every segment of a batch has the same P and T (batches are
 * bucketed by length, so no masks are needed here). Outputs: emotion, arousal, valence and domain
 * logits. With {@link MpglnConfig#overEncoder()} the first input is instead a frozen encoder's
 * standardised vector per segment {@code [B, D]} (mn04's), and the transferred path is a ReLU
 * projection of it. Built with an {@link Mn04Tail}, mn04's last blocks are part of the network
 * and train with it: the first input is then the activation map at the tail's first block
 * {@code [B, C, F, W]}, zero-padded to the widest, and three more inputs follow the descriptors:
 * the mean and deviation {@code [B, 384]} of each segment's domain, which standardise the tail's
 * pooled embedding before the projection, and each map's own width {@code [B]}.
 * <pre>
 * patches -> VGG-style extractor -> [B*P, 128] -> mean over patches ─┐
 * descriptors -> forward LSTM (last step) + backward LSTM (last step) ┴─ concat -> fusion (ReLU) -> 4 heads
 * </pre>
 * The BiLSTM is two one-way LSTMs, the second over the time-reversed input: DJL's bidirectional
 * LSTM with biases fails on the PyTorch engine, and this form maps one-to-one onto ONNX's
 * bidirectional LSTM. SPSL drops the extractor path.
 */
public final class MpglnBlock extends AbstractBlock {
    private final MpglnConfig config;
    private final SequentialBlock extractor;
    private final LSTM forward;
    private final LSTM backward;
    private final Linear fusion;
    private final Linear emotion;
    private final Linear arousal;
    private final Linear valence;
    private final Linear domain;
    private final Mn04Tail encoderTail;

    public MpglnBlock(MpglnConfig config) {
        this(config, null);
    }

    /**
     * With {@code encoderTail} not null, mn04's last blocks run inside the network over cached
     * activation maps (see the class comment); the configuration must be over mn04's 384-d embedding.
     */
    public MpglnBlock(MpglnConfig config, Mn04Tail encoderTail) {
        if (encoderTail != null && config.encoderInput() != io.serstreams.featureextractor.encoder.Mn04Architecture.embeddingChannels()) {
            throw new IllegalArgumentException("fine-tuned mn04 blocks feed the projection its 384-d embedding, not " + config.encoderInput() + " values");
        }
        this.config = config;
        this.extractor = addChildBlock("extractor", config.overEncoder() ? newProjection(config) : newExtractor(config));
        this.forward = addChildBlock("lstm_forward", lstm(config));
        this.backward = addChildBlock("lstm_backward", lstm(config));
        this.fusion = addChildBlock("fusion", Linear.builder().setUnits(config.fusedHidden()).build());
        this.emotion = addChildBlock("emotion", Linear.builder().setUnits(config.emotions()).build());
        this.arousal = addChildBlock("arousal", Linear.builder().setUnits(3).build());
        this.valence = addChildBlock("valence", Linear.builder().setUnits(3).build());
        this.domain = addChildBlock("domain", Linear.builder().setUnits(config.domains()).build());
        // Added last, so every other parameter keeps the name it has without a tail.
        this.encoderTail = encoderTail == null ? null : addChildBlock("encoder_tail", encoderTail);
    }

    /**
     * A fresh VGG-style extractor of this configuration: 3x3 convolution, ReLU and 2x2 max-pooling
     * per stage, global average pooling, and a linear layer to the embedding. Pre-training builds
     * one of its own and hands its weights over, parameter by parameter in this order.
     */
    public static SequentialBlock newExtractor(MpglnConfig config) {
        SequentialBlock ex = new SequentialBlock();
        for (int c : config.channels()) {
            ex.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(c).build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return ex.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(config.embedding()).build());
    }

    /**
     * The transferred path over a frozen encoder's standardised vectors: one linear layer to the
     * embedding size and a ReLU. The encoder itself stays outside the trained network.
     */
    public static SequentialBlock newProjection(MpglnConfig config) {
        return new SequentialBlock().add(Linear.builder().setUnits(config.embedding()).build()).add(Activation::relu);
    }

    private static LSTM lstm(MpglnConfig config) {
        return LSTM.builder().setStateSize(config.lstmHidden()).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
    }

    public MpglnConfig config() {
        return config;
    }

    public SequentialBlock extractor() {
        return extractor;
    }

    /** mn04's fine-tuned last blocks, when the network has them. */
    public java.util.Optional<Mn04Tail> encoderTail() {
        return java.util.Optional.ofNullable(encoderTail);
    }

    public LSTM forwardLstm() {
        return forward;
    }

    public LSTM backwardLstm() {
        return backward;
    }

    public Linear fusion() {
        return fusion;
    }

    /** The four heads in output order: emotion, arousal, valence, domain. */
    public Linear[] heads() {
        return new Linear[]{emotion, arousal, valence, domain};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray logMel = inputs.get(0);
        NDArray descriptors = inputs.get(1);
        NDArray temporal = biLstm(ps, descriptors, training);
        NDArray joined = temporal;
        if (config.variant().transferredPath() && config.overEncoder()) {
            NDArray vector = logMel;
            if (encoderTail != null) {
                NDArray embedding = tailEmbedding(ps, logMel, inputs.get(4).toIntArray(), training);
                vector = embedding.sub(inputs.get(2)).div(inputs.get(3));
            }
            NDArray projected = extractor.forward(ps, new NDList(vector), training).singletonOrThrow();
            joined = projected.concat(temporal, 1);
        } else if (config.variant().transferredPath()) {
            long batch = logMel.getShape().get(0);
            long patches = logMel.getShape().get(1);
            NDArray flat = logMel.reshape(batch * patches, 1, logMel.getShape().get(2), logMel.getShape().get(3));
            NDArray embeddings = extractor.forward(ps, new NDList(flat), training).singletonOrThrow();
            NDArray pooled = embeddings.reshape(batch, patches, config.embedding()).mean(new int[]{1});
            joined = pooled.concat(temporal, 1);
        }
        if (training && config.dropout() > 0) {
            joined = Dropout.dropout(joined, config.dropout(), true).singletonOrThrow();
        }
        NDArray hidden = Activation.relu(fusion.forward(ps, new NDList(joined), training).singletonOrThrow());
        NDList out = new NDList();
        for (Linear head : new Linear[]{emotion, arousal, valence}) {
            out.add(head.forward(ps, new NDList(hidden), training).singletonOrThrow());
        }
        // The domain head only tags: its gradient must not pull the shared representation towards domains.
        NDArray tagged = training ? hidden.stopGradient() : hidden;
        out.add(domain.forward(ps, new NDList(tagged), training).singletonOrThrow());
        return out;
    }

    /**
     * The tail's embedding of each map. Scoring runs each map at its own width (maps of one width
     * together). Training runs the whole batch at once over the zero-padded maps and pools each over
     * its own columns only: near a short map's right edge the padding then differs a little from the
     * implicit zero padding of a map run alone, but the backward pass stays one of whole batches (run
     * in width groups of one or two segments, fine-tuning diverged to NaN at random steps here).
     */
    private NDArray tailEmbedding(ParameterStore ps, NDArray maps, int[] widths, boolean training) {
        if (training) {
            NDArray last = encoderTail.lastMap(ps, maps, true);
            int rows = Math.toIntExact(last.getShape().get(2));
            int columns = Math.toIntExact(last.getShape().get(3));
            float[] mask = new float[widths.length * columns];
            float[] count = new float[widths.length];
            for (int b = 0; b < widths.length; b++) {
                int w = Math.min(columns, encoderTail.outputWidth(widths[b]));
                for (int c = 0; c < w; c++) {
                    mask[b * columns + c] = 1f;
                }
                count[b] = (float) rows * w;
            }
            NDArray m = maps.getManager().create(mask, new ai.djl.ndarray.types.Shape(widths.length, 1, 1, columns));
            NDArray n = maps.getManager().create(count, new ai.djl.ndarray.types.Shape(widths.length, 1));
            return last.mul(m).sum(new int[]{2, 3}).div(n);
        }
        Map<Integer, List<Integer>> byWidth = new TreeMap<>();
        for (int b = 0; b < widths.length; b++) {
            byWidth.computeIfAbsent(widths[b], w -> new ArrayList<>()).add(b);
        }
        NDArray[] rows = new NDArray[widths.length];
        for (var group : byWidth.entrySet()) {
            NDList members = new NDList();
            for (int b : group.getValue()) {
                members.add(maps.get(b).get(":, :, :" + group.getKey()));
            }
            NDArray embeddings = encoderTail.forward(ps, new NDList(NDArrays.stack(members)), training).singletonOrThrow();
            NDList parts = embeddings.split(group.getValue().size());
            for (int i = 0; i < group.getValue().size(); i++) {
                rows[group.getValue().get(i)] = parts.get(i);
            }
        }
        return NDArrays.concat(new NDList(rows));
    }

    private NDArray biLstm(ParameterStore ps, NDArray descriptors, boolean training) {
        // Each LSTM gets an NDList of its own: DJL appends its initial states to the list it is given.
        NDArray ahead = forward.forward(ps, new NDList(descriptors), training).singletonOrThrow();
        NDArray behind = backward.forward(ps, new NDList(descriptors.flip(1)), training).singletonOrThrow();
        return ahead.get(":, -1, :").concat(behind.get(":, -1, :"), 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[]{new Shape(batch, config.emotions()), new Shape(batch, 3), new Shape(batch, 3), new Shape(batch, config.domains())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape logMel = inputShapes[0];
        Shape descriptors = inputShapes[1];
        long batch = logMel.get(0);
        if (encoderTail != null) {
            encoderTail.initialize(manager, dataType, logMel);
        }
        if (config.overEncoder()) {
            extractor.initialize(manager, dataType, new Shape(batch, config.encoderInput()));
        } else {
            extractor.initialize(manager, dataType, new Shape(batch * logMel.get(1), 1, logMel.get(2), logMel.get(3)));
        }
        forward.initialize(manager, dataType, descriptors);
        backward.initialize(manager, dataType, descriptors);
        long joined = 2L * config.lstmHidden() + (config.variant().transferredPath() ? config.embedding() : 0);
        fusion.initialize(manager, dataType, new Shape(batch, joined));
        for (Block head : heads()) {
            head.initialize(manager, dataType, new Shape(batch, config.fusedHidden()));
        }
    }
}
