package io.serstreams.modelserver.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.serstreams.modelserver.bundle.GraphContract;
import io.serstreams.modelserver.onnx.OnnxGraphBuilder.Attribute;

import java.util.Arrays;
import java.util.List;

/**
 * Writes an MPGLN network's two ONNX graphs, the extractor and the heads of {@link GraphContract},
 * from its {@link MpglnWeights}: the one builder behind the trainer's export and the tests'
 * random bundles. The heads honour the engine's masks: a masked mean over the patch embeddings,
 * and the LSTM's sequence lengths counted from the frame mask.
 */
public final class MpglnGraphs {
    private MpglnGraphs() {
    }

    /**
     * The extractor, {@code logmel [N, patchFrames, melBands] -> embedding [N, E]}.
     *
     * @param producer recorded in the model as its producer
     */
    public static ModelProto extractor(MpglnWeights.Extractor weights, int patchFrames, int melBands, String producer) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("mpgln_extractor");
        g.floatInput(GraphContract.LOGMEL, "N", patchFrames, melBands);
        String x = g.node("Unsqueeze", List.of(GraphContract.LOGMEL, g.longs("axis1", 1)));
        List<MpglnWeights.Conv> stages = weights.stages();
        for (int stage = 0; stage < stages.size(); stage++) {
            MpglnWeights.Conv conv = stages.get(stage);
            x = g.node("Conv", List.of(x, g.floats("conv" + stage + "_w", conv.kernel(), conv.outputs(), conv.inputs(), 3, 3),
                            g.floats("conv" + stage + "_b", conv.bias(), conv.outputs())),
                    Attribute.ints("kernel_shape", 3, 3), Attribute.ints("pads", 1, 1, 1, 1));
            x = g.node("Relu", List.of(x));
            x = g.node("MaxPool", List.of(x), Attribute.ints("kernel_shape", 2, 2), Attribute.ints("strides", 2, 2));
        }
        MpglnWeights.Dense dense = weights.dense();
        if (dense == null) {
            x = g.node("GlobalAveragePool", List.of(x));
            x = g.node("Flatten", List.of(x), Attribute.of("axis", 1L));
        } else {
            // Each 2x2 max-pooling halves both sides, rounding down.
            long flat = (long) stages.get(stages.size() - 1).outputs() * (patchFrames >> stages.size()) * (melBands >> stages.size());
            if (dense.inputs() != flat) {
                throw new IllegalArgumentException("the dense layer takes " + dense.inputs() + " inputs but the flattened feature map has " + flat);
            }
            x = g.node("Flatten", List.of(x), Attribute.of("axis", 1L));
            x = g.node("Relu", List.of(gemm(g, x, dense, "dense", null)));
        }
        gemm(g, x, weights.projection(), "proj", GraphContract.EMBEDDING);
        g.floatOutput(GraphContract.EMBEDDING, "N", weights.embedding());
        return g.build(producer);
    }

    /**
     * The heads, {@code embeddings [B, P, E], patch_mask [B, P], descriptors [B, T, D], frame_mask
     * [B, T] -> emotion, arousal, valence, domain} (probabilities). Over a referenced encoder
     * ({@link MpglnWeights.Heads#projection()} set) the embeddings are the encoder's and the pooled
     * one goes through that projection and a ReLU first.
     *
     * @param producer recorded in the model as its producer
     */
    public static ModelProto heads(MpglnWeights.Heads weights, String producer) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("mpgln_heads");
        g.floatInput(GraphContract.EMBEDDINGS, "B", "P", weights.embedding());
        g.floatInput(GraphContract.PATCH_MASK, "B", "P");
        g.floatInput(GraphContract.DESCRIPTORS, "B", "T", weights.forward().inputs());
        g.floatInput(GraphContract.FRAME_MASK, "B", "T");
        String axis1 = g.longs("axis1", 1);

        String lengths = g.node("Cast", List.of(g.node("ReduceSum", List.of(GraphContract.FRAME_MASK, axis1), Attribute.of("keepdims", 0L))),
                Attribute.of("to", 6L)); // int32, as ONNX's LSTM wants
        // ORT's CPU LSTM refuses layout=1, so the descriptors go time-major.
        String timeMajor = g.node("Transpose", List.of(GraphContract.DESCRIPTORS), Attribute.ints("perm", 1, 0, 2));
        String last = biLstm(g, timeMajor, lengths, weights.forward(), weights.backward());
        String temporal = g.node("Reshape", List.of(g.node("Transpose", List.of(last), Attribute.ints("perm", 1, 0, 2)), g.longs("flat", 0, -1)));

        String joined = temporal;
        if (weights.transferredPath()) {
            String mask = g.node("Unsqueeze", List.of(GraphContract.PATCH_MASK, g.longs("axis2", 2)));
            String sum = g.node("ReduceSum", List.of(g.node("Mul", List.of(GraphContract.EMBEDDINGS, mask)), axis1), Attribute.of("keepdims", 0L));
            // A segment with no real patch (never sent by the engine) would divide by zero.
            String count = g.node("Max", List.of(g.node("ReduceSum", List.of(mask, axis1), Attribute.of("keepdims", 0L)), g.scalar("one", 1f)));
            String pooled = g.node("Div", List.of(sum, count));
            if (weights.projection() != null) {
                pooled = g.node("Relu", List.of(gemm(g, pooled, weights.projection(), "encoder_proj", null)));
            }
            joined = g.node("Concat", List.of(pooled, temporal), Attribute.of("axis", 1L));
        }
        String hidden = g.node("Relu", List.of(gemm(g, joined, weights.fusion(), "fusion", null)));
        String[] names = {GraphContract.EMOTION, GraphContract.AROUSAL, GraphContract.VALENCE, GraphContract.DOMAIN};
        List<MpglnWeights.Dense> heads = weights.outputs();
        for (int i = 0; i < names.length; i++) {
            g.node("Softmax", List.of(gemm(g, hidden, heads.get(i), names[i], null)), names[i], Attribute.of("axis", 1L));
            g.floatOutput(names[i], "B", heads.get(i).outputs());
        }
        return g.build(producer);
    }

    /** ONNX's bidirectional LSTM over {@code input} [T, B, D]; returns its last hidden states [2, B, H]. */
    private static String biLstm(OnnxGraphBuilder g, String input, String lengths, MpglnWeights.Lstm ahead, MpglnWeights.Lstm behind) {
        int h = ahead.hidden();
        String w = g.floats("lstm_w", concat(onnxGates(ahead.inputWeights()), onnxGates(behind.inputWeights())), 2, 4L * h, ahead.inputs());
        String r = g.floats("lstm_r", concat(onnxGates(ahead.recurrentWeights()), onnxGates(behind.recurrentWeights())), 2, 4L * h, h);
        // ONNX keeps both biases of a direction in one row: Wb then Rb.
        String b = g.floats("lstm_b", concat(concat(onnxGates(ahead.inputBias()), onnxGates(ahead.recurrentBias())),
                concat(onnxGates(behind.inputBias()), onnxGates(behind.recurrentBias()))), 2, 8L * h);
        return g.nodeWithOutputs("LSTM", List.of(input, w, r, b, lengths), List.of("", "lstm_h"),
                Attribute.of("hidden_size", (long) h), Attribute.of("direction", "bidirectional")).get(1);
    }

    /** Rows of four equal gate blocks, from PyTorch's order (i, f, g, o) to ONNX's (i, o, f, c). */
    private static float[] onnxGates(float[] rows) {
        int block = rows.length / 4;
        float[] out = new float[rows.length];
        int[] from = {0, 3, 1, 2};
        for (int k = 0; k < 4; k++) {
            System.arraycopy(rows, from[k] * block, out, k * block, block);
        }
        return out;
    }

    private static String gemm(OnnxGraphBuilder g, String input, MpglnWeights.Dense layer, String name, String output) {
        return g.node("Gemm", List.of(input, g.floats(name + "_w", layer.weight(), layer.outputs(), layer.inputs()),
                g.floats(name + "_b", layer.bias(), layer.outputs())), output, Attribute.of("transB", 1L));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
