package io.serstreams.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.modelserver.bundle.BundleWriter;
import io.serstreams.modelserver.bundle.FeatureSpec;
import io.serstreams.modelserver.bundle.GraphContract;
import io.serstreams.modelserver.bundle.Labels;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.onnx.OnnxGraphBuilder;
import io.serstreams.modelserver.onnx.OnnxGraphBuilder.Attribute;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link MpglnBlock} as a model bundle: the extractor and the heads as two ONNX
 * graphs built from the block's weights, with the engine's masks honoured (masked mean over
 * patches; the LSTM's sequence lengths from the frame mask), and the manifest.
 */
public final class MpglnExporter {
    private MpglnExporter() {
    }

    /** What the manifest says besides the graphs. */
    public record BundleInfo(String name, String version, String description, Labels labels, FeatureConfig features,
                             Normalization normalization, double outOfDomainThreshold, Map<String, Object> training) {
    }

    public static Path export(MpglnBlock block, BundleInfo info, Path dir) {
        MpglnConfig config = block.config();
        ModelProto extractor = extractor(block, info.features());
        ModelProto heads = heads(block);
        ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, info.name(), info.version(), info.description(), info.labels(),
                info.outOfDomainThreshold(), FeatureSpec.of(info.features()), info.normalization(),
                GraphContract.expected(info.labels(), info.features().patchFrames(), info.features().melBands(), config.embedding(),
                        "extractor.onnx", "heads.onnx"),
                info.training());
        return BundleWriter.write(dir, manifest, Map.of("extractor.onnx", extractor.toByteArray(), "heads.onnx", heads.toByteArray()));
    }

    static ModelProto extractor(MpglnBlock block, FeatureConfig features) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("mpgln_extractor");
        g.floatInput(GraphContract.LOGMEL, "N", features.patchFrames(), features.melBands());
        String x = g.node("Unsqueeze", List.of(GraphContract.LOGMEL, g.longs("axis1", 1)));
        int stage = 0;
        for (Block child : block.extractor().getChildren().values()) {
            if (child instanceof Conv2d conv) {
                x = g.node("Conv", List.of(x, tensor(g, "conv" + stage + "_w", param(conv, "weight")), tensor(g, "conv" + stage + "_b", param(conv, "bias"))),
                        Attribute.ints("kernel_shape", 3, 3), Attribute.ints("pads", 1, 1, 1, 1));
                x = g.node("Relu", List.of(x));
                x = g.node("MaxPool", List.of(x), Attribute.ints("kernel_shape", 2, 2), Attribute.ints("strides", 2, 2));
                stage++;
            } else if (child instanceof Linear linear) {
                x = g.node("GlobalAveragePool", List.of(x));
                x = g.node("Flatten", List.of(x), Attribute.of("axis", 1L));
                g.node("Gemm", List.of(x, tensor(g, "proj_w", param(linear, "weight")), tensor(g, "proj_b", param(linear, "bias"))),
                        GraphContract.EMBEDDING, Attribute.of("transB", 1L));
            }
        }
        g.floatOutput(GraphContract.EMBEDDING, "N", block.config().embedding());
        return g.build("ser-streams trainer");
    }

    static ModelProto heads(MpglnBlock block) {
        MpglnConfig config = block.config();
        OnnxGraphBuilder g = new OnnxGraphBuilder("mpgln_heads");
        g.floatInput(GraphContract.EMBEDDINGS, "B", "P", config.embedding());
        g.floatInput(GraphContract.PATCH_MASK, "B", "P");
        g.floatInput(GraphContract.DESCRIPTORS, "B", "T", FrameDescriptor.COUNT);
        g.floatInput(GraphContract.FRAME_MASK, "B", "T");
        String axis1 = g.longs("axis1", 1);

        String lengths = g.node("Cast", List.of(g.node("ReduceSum", List.of(GraphContract.FRAME_MASK, axis1), Attribute.of("keepdims", 0L))),
                Attribute.of("to", 6L)); // int32, as ONNX's LSTM wants
        String timeMajor = g.node("Transpose", List.of(GraphContract.DESCRIPTORS), Attribute.ints("perm", 1, 0, 2));
        int h = config.lstmHidden();
        LstmWeights ahead = LstmWeights.of(block.forwardLstm());
        LstmWeights behind = LstmWeights.of(block.backwardLstm());
        String w = g.floats("lstm_w", concat(ahead.input(), behind.input()), 2, 4L * h, FrameDescriptor.COUNT);
        String r = g.floats("lstm_r", concat(ahead.recurrent(), behind.recurrent()), 2, 4L * h, h);
        String b = g.floats("lstm_b", concat(ahead.bias(), behind.bias()), 2, 8L * h);
        String last = g.nodeWithOutputs("LSTM", List.of(timeMajor, w, r, b, lengths), List.of("", "lstm_h"),
                Attribute.of("hidden_size", (long) h), Attribute.of("direction", "bidirectional")).get(1);
        String temporal = g.node("Reshape", List.of(g.node("Transpose", List.of(last), Attribute.ints("perm", 1, 0, 2)), g.longs("flat", 0, -1)));

        String joined = temporal;
        if (config.variant().transferredPath()) {
            String mask = g.node("Unsqueeze", List.of(GraphContract.PATCH_MASK, g.longs("axis2", 2)));
            String sum = g.node("ReduceSum", List.of(g.node("Mul", List.of(GraphContract.EMBEDDINGS, mask)), axis1), Attribute.of("keepdims", 0L));
            String count = g.node("Max", List.of(g.node("ReduceSum", List.of(mask, axis1), Attribute.of("keepdims", 0L)), g.scalar("one", 1f)));
            joined = g.node("Concat", List.of(g.node("Div", List.of(sum, count)), temporal), Attribute.of("axis", 1L));
        }
        String hidden = g.node("Relu", List.of(gemm(g, joined, block.fusion(), "fusion")));
        String[] names = {GraphContract.EMOTION, GraphContract.AROUSAL, GraphContract.VALENCE, GraphContract.DOMAIN};
        Linear[] heads = block.heads();
        for (int i = 0; i < heads.length; i++) {
            g.node("Softmax", List.of(gemm(g, hidden, heads[i], names[i])), names[i], Attribute.of("axis", 1L));
            g.floatOutput(names[i], "B", param(heads[i], "weight").getShape().get(0));
        }
        return g.build("ser-streams trainer");
    }

    private static String gemm(OnnxGraphBuilder g, String input, Linear linear, String name) {
        return g.node("Gemm", List.of(input, tensor(g, name + "_w", param(linear, "weight")), tensor(g, name + "_b", param(linear, "bias"))),
                Attribute.of("transB", 1L));
    }

    /** One LSTM's weights in ONNX's gate order (i, o, f, c) from PyTorch's (i, f, g, o). */
    private record LstmWeights(float[] input, float[] recurrent, float[] bias) {
        static LstmWeights of(LSTM lstm) {
            float[] i2h = paramEndingWith(lstm, "i2h_WEIGHT").toFloatArray();
            float[] h2h = paramEndingWith(lstm, "h2h_WEIGHT").toFloatArray();
            float[] bi = paramEndingWith(lstm, "i2h_BIAS").toFloatArray();
            float[] bh = paramEndingWith(lstm, "h2h_BIAS").toFloatArray();
            return new LstmWeights(reorderGates(i2h), reorderGates(h2h), concat(reorderGates(bi), reorderGates(bh)));
        }
    }

    /** Rows of four equal gate blocks, from (i, f, g, o) to (i, o, f, g). */
    static float[] reorderGates(float[] rows) {
        int block = rows.length / 4;
        float[] out = new float[rows.length];
        int[] from = {0, 3, 1, 2};
        for (int k = 0; k < 4; k++) {
            System.arraycopy(rows, from[k] * block, out, k * block, block);
        }
        return out;
    }

    private static NDArray param(Block block, String name) {
        for (var p : block.getParameters()) {
            if (p.getKey().endsWith(name)) {
                return p.getValue().getArray();
            }
        }
        throw new IllegalStateException("no parameter " + name + " in " + block);
    }

    private static NDArray paramEndingWith(LSTM lstm, String suffix) {
        List<Parameter> found = new ArrayList<>();
        lstm.getParameters().forEach(p -> {
            if (p.getKey().endsWith(suffix)) {
                found.add(p.getValue());
            }
        });
        if (found.size() != 1) {
            throw new IllegalStateException("expected one LSTM parameter ending in " + suffix + ", found " + found.size());
        }
        return found.get(0).getArray();
    }

    private static String tensor(OnnxGraphBuilder g, String name, NDArray array) {
        return g.floats(name, array.toFloatArray(), array.getShape().getShape());
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
