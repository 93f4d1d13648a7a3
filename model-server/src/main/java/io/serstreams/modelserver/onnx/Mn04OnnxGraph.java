package io.serstreams.modelserver.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.serstreams.featureextractor.encoder.Mn04Architecture;
import io.serstreams.featureextractor.encoder.Mn04Architecture.Block;
import io.serstreams.featureextractor.encoder.TorchCheckpointReader;
import io.serstreams.featureextractor.encoder.TorchTensor;
import io.serstreams.modelserver.onnx.OnnxGraphBuilder.Attribute;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Converts EfficientAT mn04's state dict into an ONNX graph for serving (the network is in
 * {@code ../shared/encoders/FACTS.md}, sections 2 and 3). The layer sequence comes from
 * {@link Mn04Architecture#blocks()}, the same table the checkpoint is checked against.
 *
 * <p>Input {@value #INPUT} {@code [batch, 1, 128, T]} (the front end's log-mel, frequency on axis 2),
 * batch and T dynamic. Outputs: {@value #LOGITS} {@code [batch, 527]} (pre-sigmoid, AudioSet order),
 * {@value #EMBEDDING} {@code [batch, 384]} (the mean of {@code features.16}'s output over all positions)
 * and {@value #FRAMES} {@code [batch, 384, ceil(T/32)]} (that output averaged over its 4 frequency rows:
 * one vector per ~320 ms step).
 */
public final class Mn04OnnxGraph {
    /** Changes whenever the graph this class writes changes, so cached conversions are rebuilt. */
    public static final int CONVERTER_VERSION = 1;
    public static final String INPUT = "logmel";
    public static final String LOGITS = "logits";
    public static final String EMBEDDING = "embedding";
    public static final String FRAMES = "frames";
    /** Log-mel bands of the front end: the input's axis 2. */
    public static final int MEL_BANDS = 128;

    private static final double BATCH_NORM_EPSILON = 1e-3;

    private final Map<String, TorchTensor> stateDict;
    private final OnnxGraphBuilder graph = new OnnxGraphBuilder("mn04");

    private Mn04OnnxGraph(Map<String, TorchTensor> stateDict) {
        this.stateDict = stateDict;
    }

    /**
     * Reads, checks and converts a checkpoint.
     *
     * @throws io.serstreams.featureextractor.encoder.EncoderException naming the file and the problem when it is not an
     *                                                                 mn04 checkpoint
     */
    public static ModelProto fromCheckpoint(Path checkpoint) {
        return convert(TorchCheckpointReader.read(checkpoint), checkpoint.toString());
    }

    /**
     * Converts a state dict after checking it strictly against {@link Mn04Architecture#stateDict()}.
     *
     * @param source the checkpoint's name, for the error message
     */
    public static ModelProto convert(Map<String, TorchTensor> stateDict, String source) {
        Mn04Architecture.stateDict().check(stateDict, source);
        return new Mn04OnnxGraph(stateDict).build();
    }

    // Written for OnnxGraphBuilder.OPSET 17: HardSwish needs 14 or later, and ReduceMean takes its axes as an
    // attribute up to 17 (as an input from 18), which Mn04OnnxGraphTest would show at session creation.
    private ModelProto build() {
        graph.floatInput(INPUT, "batch", 1, MEL_BANDS, "T");
        String x = conv(INPUT, "features.0", 2, 1, Mn04Architecture.Activation.HARDSWISH);
        for (Block block : Mn04Architecture.blocks()) {
            x = block(x, block);
        }
        int last = Mn04Architecture.blocks().size() + 1;
        String features = conv(x, "features." + last, 1, 1, Mn04Architecture.Activation.HARDSWISH);

        graph.node("ReduceMean", List.of(features), FRAMES, Attribute.ints("axes", 2), Attribute.of("keepdims", 0L));
        String pooled = graph.node("GlobalAveragePool", List.of(features));
        graph.node("Flatten", List.of(pooled), EMBEDDING, Attribute.of("axis", 1L));
        // Dropout between the two linear layers is the identity in eval mode.
        String hidden = graph.node("HardSwish", List.of(linear(EMBEDDING, "classifier.2", null)));
        linear(hidden, "classifier.5", LOGITS);

        int embedding = Mn04Architecture.embeddingChannels();
        graph.floatOutput(LOGITS, "batch", Mn04Architecture.CLASSES);
        graph.floatOutput(EMBEDDING, "batch", embedding);
        graph.floatOutput(FRAMES, "batch", embedding, "frames");
        return graph.build("ser-streams Mn04OnnxGraph " + CONVERTER_VERSION);
    }

    // [expand 1x1] -> depthwise k x k (carries the stride) -> [squeeze-excitation] -> project 1x1 (no activation) -> [+ input].
    private String block(String input, Block block) {
        String prefix = "features." + block.index() + ".block.";
        int layer = 0;
        String x = input;
        if (block.expands()) {
            x = conv(x, prefix + layer++, 1, 1, block.activation());
        }
        x = conv(x, prefix + layer++, block.stride(), block.expanded(), block.activation());
        if (block.hasSqueezeExcitation()) {
            x = squeezeExcitation(x, prefix + layer++ + ".conc_se_layers.0.", block);
        }
        x = conv(x, prefix + layer, 1, 1, null);
        return block.residual() ? graph.node("Add", List.of(x, input)) : x;
    }

    // Channel gates from the mean of each channel over the whole map (valid for any T): the two linear
    // layers run as 1x1 convs on the [batch, C, 1, 1] means, and the gate is the true logistic sigmoid.
    private String squeezeExcitation(String input, String prefix, Block block) {
        String means = graph.node("ReduceMean", List.of(input), Attribute.ints("axes", 2, 3), Attribute.of("keepdims", 1L));
        String squeezed = graph.node("Relu", List.of(pointwise(means, prefix + "fc1", block.squeeze(), block.expanded())));
        String gate = graph.node("Sigmoid", List.of(pointwise(squeezed, prefix + "fc2", block.expanded(), block.squeeze())));
        return graph.node("Mul", List.of(input, gate));
    }

    private String pointwise(String input, String prefix, int out, int in) {
        String weight = graph.floats(prefix + ".weight", stateDict.get(prefix + ".weight").values(), out, in, 1, 1);
        String bias = graph.floats(prefix + ".bias", stateDict.get(prefix + ".bias").values(), out);
        return graph.node("Conv", List.of(input, weight, bias), Attribute.ints("kernel_shape", 1, 1));
    }

    // A conv with its BatchNorm folded into weights and a bias (FoldedConv), then its activation (none for a projection).
    private String conv(String input, String prefix, int stride, int groups, Mn04Architecture.Activation activation) {
        FoldedConv folded = FoldedConv.of(stateDict, prefix, BATCH_NORM_EPSILON);
        String weight = graph.floats(prefix + ".weight", folded.weight(), folded.shape());
        String bias = graph.floats(prefix + ".bias", folded.bias(), folded.outChannels());
        int k = folded.kernel();
        long pad = (k - 1) / 2;
        String out = graph.node("Conv", List.of(input, weight, bias), Attribute.ints("kernel_shape", k, k), Attribute.ints("strides", stride, stride),
                Attribute.ints("pads", pad, pad, pad, pad), Attribute.of("group", (long) groups));
        if (activation == null) {
            return out;
        }
        return graph.node(activation == Mn04Architecture.Activation.RELU ? "Relu" : "HardSwish", List.of(out));
    }

    private String linear(String input, String prefix, String output) {
        TorchTensor w = stateDict.get(prefix + ".weight");
        String weight = graph.floats(prefix + ".weight", w.values(), w.shape().dim(0), w.shape().dim(1));
        String bias = graph.floats(prefix + ".bias", stateDict.get(prefix + ".bias").values(), w.shape().dim(0));
        return graph.node("Gemm", List.of(input, weight, bias), output, Attribute.of("transB", 1L));
    }
}
