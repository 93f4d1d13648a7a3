package io.serstreams.modelserver.onnx;

import io.serstreams.featureextractor.encoder.TorchTensor;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A bias-free convolution with the eval-mode BatchNorm that follows it folded in: one conv with a
 * bias. {@code BN(W * x) = s * (W * x) + (beta - s * mean)} with {@code s = gamma / sqrt(var + eps)}
 * per output channel, so scaling each output channel's weights by {@code s} and adding that bias is
 * the same function, exact up to float rounding (computed in double, stored as float).
 *
 * @param weight {@code [out, in/groups, kH, kW]} values, row-major
 * @param bias   {@code [out]}
 * @param shape  the weight's dimensions
 */
public record FoldedConv(float[] weight, float[] bias, long[] shape) {
    public FoldedConv {
        weight = weight.clone();
        bias = bias.clone();
        shape = shape.clone();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (shape.length != 4 || count != weight.length || shape[0] != bias.length) {
            throw new IllegalArgumentException(weight.length + " weights and " + bias.length + " biases for shape " + Arrays.toString(shape));
        }
    }

    @Override
    public float[] weight() {
        return weight.clone();
    }

    @Override
    public float[] bias() {
        return bias.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int outChannels() {
        return (int) shape[0];
    }

    /** The square kernel's size. */
    public int kernel() {
        return (int) shape[3];
    }

    /**
     * Folds the BatchNorm {@code <prefix>.1.*} into the conv {@code <prefix>.0.weight}, the checkpoint's
     * layout for a conv followed by its norm.
     *
     * @param epsilon the norm's epsilon (0.001 in mn04, not PyTorch's default 1e-5)
     */
    public static FoldedConv of(Map<String, TorchTensor> stateDict, String prefix, double epsilon) {
        TorchTensor conv = tensor(stateDict, prefix + ".0.weight");
        TorchTensor gamma = tensor(stateDict, prefix + ".1.weight");
        TorchTensor beta = tensor(stateDict, prefix + ".1.bias");
        TorchTensor mean = tensor(stateDict, prefix + ".1.running_mean");
        TorchTensor variance = tensor(stateDict, prefix + ".1.running_var");
        int out = conv.shape().dim(0);
        int perChannel = conv.numel() / out;
        float[] weight = new float[conv.numel()];
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            double scale = gamma.get(o) / Math.sqrt((double) variance.get(o) + epsilon);
            for (int i = o * perChannel; i < (o + 1) * perChannel; i++) {
                weight[i] = (float) (conv.get(i) * scale);
            }
            bias[o] = (float) (beta.get(o) - mean.get(o) * scale);
        }
        long[] shape = Arrays.stream(conv.shape().dims()).asLongStream().toArray();
        return new FoldedConv(weight, bias, shape);
    }

    private static TorchTensor tensor(Map<String, TorchTensor> stateDict, String key) {
        return Objects.requireNonNull(stateDict.get(key), () -> "state dict has no " + key);
    }
}
