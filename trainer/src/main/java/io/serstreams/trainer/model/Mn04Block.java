package io.serstreams.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.serstreams.featureextractor.encoder.EncoderException;
import io.serstreams.featureextractor.encoder.Mn04Architecture;
import io.serstreams.featureextractor.encoder.TorchCheckpointReader;
import io.serstreams.featureextractor.encoder.TorchTensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EfficientAT's mn04 (AudioSet) in DJL blocks, built from {@link Mn04Architecture}'s layer table
 * and loaded from the release checkpoint. Input: the EfficientAT log-mel {@code [B, 1, 128, T]}.
 * Outputs: AudioSet logits {@code [B, 527]}, the pooled embedding {@code [B, 384]} (the last
 * map's mean) and per-step frames {@code [B, 384, ceil(T/32)]} (the last map averaged over its 4
 * frequency rows; one step is about 320 ms).
 * <p>
 * BatchNorm always runs in inference mode (running statistics; eps 1e-3), whatever the caller's
 * training flag: the encoder is a frozen feature source, and fine-tuning on a few thousand clips
 * must not drift the AudioSet statistics.
 */
public final class Mn04Block extends AbstractBlock {
    private static final float BN_EPSILON = 1e-3f;
    private static final int MEL_BANDS = 128;
    /** mn04's inverted-residual blocks ({@code features.1} .. {@code features.15}): the most that can be fine-tuned. */
    public static final int BLOCKS = Mn04Architecture.blocks().size();

    private enum Kind { CONV, NORM, LINEAR }

    /** A DJL layer and the checkpoint key prefix its parameters come from. */
    private record Binding(Block block, String prefix, Kind kind) {
    }

    private final SequentialBlock features;
    private final SequentialBlock classifier;
    private final List<Binding> bindings = new ArrayList<>();
    // features' children in order: the stem (0), the inverted-residual blocks 1..15, the last conv (16).
    private final List<Block> stages = new ArrayList<>();

    /** An untrained mn04 (weights are set by {@link #load}). */
    public Mn04Block() {
        this.features = addChildBlock("features", buildFeatures());
        this.classifier = addChildBlock("classifier", buildClassifier());
    }

    /**
     * The mn04 of {@code checkpoint}, checked against {@link Mn04Architecture#stateDict()} first,
     * with its parameters in {@code manager} and frozen.
     *
     * @throws EncoderException naming the file and the first tensor that does not fit
     */
    public static Mn04Block load(Path checkpoint, NDManager manager) {
        Map<String, TorchTensor> tensors = TorchCheckpointReader.read(checkpoint);
        Mn04Architecture.stateDict().check(tensors, checkpoint.toString());
        Mn04Block block = new Mn04Block();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, MEL_BANDS, 100));
        // Frozen first: the weights are then copied in place (PyTorch refuses in-place writes to leaves that need gradients).
        block.freezeParameters(true);
        block.setWeights(tensors);
        return block;
    }

    private void setWeights(Map<String, TorchTensor> tensors) {
        stateDictKeys().forEach((parameter, key) -> set(parameter, tensors, key));
    }

    private static void set(Parameter parameter, Map<String, TorchTensor> tensors, String key) {
        TorchTensor tensor = tensors.get(key);
        NDArray array = parameter.getArray();
        if (array.getShape().size() != tensor.numel()) {
            throw new IllegalStateException(key + ": " + tensor.shape() + " does not fit the DJL parameter " + array.getShape());
        }
        // Copied into the parameter's own (PyTorch-allocated) storage: NDArray.set would make the parameter read a Java
        // buffer from then on, and fine-tuning writes to these weights in place for thousands of steps.
        try (NDArray values = array.getManager().create(tensor.asBuffer(), array.getShape())) {
            array.muli(0f).addi(values);
        }
    }

    private SequentialBlock buildFeatures() {
        SequentialBlock stem = new SequentialBlock();
        convNormAct(stem, "features.0", Mn04Architecture.stemChannels(), 3, 2, 1, Mn04Architecture.Activation.HARDSWISH);
        stages.add(stem);
        for (Mn04Architecture.Block spec : Mn04Architecture.blocks()) {
            SequentialBlock body = new SequentialBlock();
            String prefix = "features." + spec.index() + ".block.";
            int layer = 0;
            if (spec.expands()) {
                convNormAct(body, prefix + layer++, spec.expanded(), 1, 1, 1, spec.activation());
            }
            convNormAct(body, prefix + layer++, spec.expanded(), spec.kernel(), spec.stride(), spec.expanded(), spec.activation());
            if (spec.hasSqueezeExcitation()) {
                SqueezeExcitation se = new SqueezeExcitation(spec.expanded(), spec.squeeze());
                String sePrefix = prefix + layer++ + ".conc_se_layers.0.";
                bindings.add(new Binding(se.reduce(), sePrefix + "fc1", Kind.LINEAR));
                bindings.add(new Binding(se.expand(), sePrefix + "fc2", Kind.LINEAR));
                body.add(se);
            }
            convNormAct(body, prefix + layer, spec.out(), 1, 1, 1, null);
            stages.add(spec.residual() ? residual(body) : body);
        }
        SequentialBlock last = new SequentialBlock();
        convNormAct(last, "features." + (BLOCKS + 1), Mn04Architecture.embeddingChannels(), 1, 1, 1, Mn04Architecture.Activation.HARDSWISH);
        stages.add(last);
        SequentialBlock f = new SequentialBlock();
        stages.forEach(f::add);
        return f;
    }

    private SequentialBlock buildClassifier() {
        Linear hidden = Linear.builder().setUnits(Mn04Architecture.hiddenUnits()).build();
        Linear logits = Linear.builder().setUnits(Mn04Architecture.CLASSES).build();
        bindings.add(new Binding(hidden, "classifier.2", Kind.LINEAR));
        bindings.add(new Binding(logits, "classifier.5", Kind.LINEAR));
        // Dropout (classifier.4) is left out: it is the identity in inference.
        return new SequentialBlock().add(hidden).add(Mn04Block::hardswish).add(logits);
    }

    // A bias-free conv with symmetric (k-1)/2 padding, its BatchNorm and, unless null, its activation.
    private void convNormAct(SequentialBlock into, String prefix, int out, int kernel, int stride, int groups, Mn04Architecture.Activation act) {
        int pad = (kernel - 1) / 2;
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad)).optGroups(groups).setFilters(out).optBias(false).build();
        Block norm = new InferenceNorm(BatchNorm.builder().optEpsilon(BN_EPSILON).build());
        bindings.add(new Binding(conv, prefix + ".0", Kind.CONV));
        bindings.add(new Binding(((InferenceNorm) norm).norm(), prefix + ".1", Kind.NORM));
        into.add(conv).add(norm);
        if (act == Mn04Architecture.Activation.RELU) {
            into.add(Activation::relu);
        } else if (act == Mn04Architecture.Activation.HARDSWISH) {
            into.add(Mn04Block::hardswish);
        }
    }

    private static Block residual(Block body) {
        return new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(body, Blocks.identityBlock()));
    }

    private static NDList hardswish(NDList in) {
        NDArray x = in.singletonOrThrow();
        return new NDList(x.mul(x.add(3f).clip(0f, 6f)).div(6f));
    }

    /**
     * The activation map at the input of block {@code first} (1 .. {@link #BLOCKS}): the stem and
     * blocks 1 .. first-1 applied to the log-mel {@code [B, 1, 128, T]}.
     */
    public NDArray mapBefore(ParameterStore ps, NDArray logMel, int first) {
        checkBlock(first);
        NDArray x = logMel;
        for (Block stage : stages.subList(0, first)) {
            x = stage.forward(ps, new NDList(x), false).singletonOrThrow();
        }
        return x;
    }

    /**
     * Blocks {@code first} .. {@link #BLOCKS}, the last conv and the pooling, as a block of their
     * own over {@link #mapBefore}'s map: the very layers (and weights) of this mn04, not copies.
     */
    public Mn04Tail tail(int first) {
        checkBlock(first);
        return new Mn04Tail(stages.subList(first, stages.size()), first);
    }

    /**
     * The checkpoint key of each parameter of this mn04 ({@code features.15.block.0.0.weight}),
     * BatchNorm's running statistics included.
     */
    public Map<Parameter, String> stateDictKeys() {
        Map<Parameter, String> keys = new java.util.LinkedHashMap<>();
        for (Binding b : bindings) {
            PairList<String, Parameter> own = b.block().getDirectParameters();
            switch (b.kind()) {
                case CONV -> keys.put(own.get("weight"), b.prefix() + ".weight");
                case NORM -> {
                    keys.put(own.get("gamma"), b.prefix() + ".weight");
                    keys.put(own.get("beta"), b.prefix() + ".bias");
                    keys.put(own.get("runningMean"), b.prefix() + ".running_mean");
                    keys.put(own.get("runningVar"), b.prefix() + ".running_var");
                }
                case LINEAR -> {
                    keys.put(own.get("weight"), b.prefix() + ".weight");
                    keys.put(own.get("bias"), b.prefix() + ".bias");
                }
            }
        }
        return keys;
    }

    /**
     * The trainable tensors of {@code tail} (one of this mn04's, {@link #tail}) by checkpoint key,
     * as they are now: what fine-tuning changed. BatchNorm's running statistics are left out, as
     * fine-tuning keeps them.
     */
    public Map<String, TorchTensor> tensorsOf(Mn04Tail tail) {
        Map<Parameter, String> keys = stateDictKeys();
        Map<String, TorchTensor> tensors = new java.util.LinkedHashMap<>();
        for (Parameter p : tail.getParameters().values()) {
            String key = keys.get(p);
            if (key == null) {
                throw new IllegalArgumentException("the tail is not this mn04's: parameter " + p.getName() + " has no checkpoint key");
            }
            if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            long[] dims = p.getArray().getShape().getShape();
            int[] shape = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Math.toIntExact(dims[i]);
            }
            tensors.put(key, new TorchTensor(io.serstreams.featureextractor.encoder.TorchDtype.FLOAT32,
                    io.serstreams.featureextractor.encoder.TensorShape.of(shape), p.getArray().toFloatArray()));
        }
        return tensors;
    }

    private static void checkBlock(int first) {
        if (first < 1 || first > BLOCKS) {
            throw new IllegalArgumentException("mn04 has blocks 1 to " + BLOCKS + ", not " + first);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray map = features.forward(ps, inputs, training).singletonOrThrow();
        NDArray frames = map.mean(new int[]{2});
        NDArray embedding = frames.mean(new int[]{2});
        NDArray logits = classifier.forward(ps, new NDList(embedding), training).singletonOrThrow();
        return new NDList(logits, embedding, frames);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        long steps = (inputShapes[0].get(3) + 31) / 32;
        return new Shape[]{new Shape(batch, Mn04Architecture.CLASSES), new Shape(batch, Mn04Architecture.embeddingChannels()),
                new Shape(batch, Mn04Architecture.embeddingChannels(), steps)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        classifier.initialize(manager, dataType, new Shape(inputShapes[0].get(0), Mn04Architecture.embeddingChannels()));
    }

    /** BatchNorm held in inference mode: its running statistics are used and never updated. */
    private static final class InferenceNorm extends AbstractBlock {
        private final BatchNorm norm;

        InferenceNorm(BatchNorm norm) {
            this.norm = addChildBlock("bn", norm);
        }

        BatchNorm norm() {
            return norm;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return norm.forward(ps, inputs, false);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            norm.initialize(manager, dataType, inputShapes);
        }
    }
}
