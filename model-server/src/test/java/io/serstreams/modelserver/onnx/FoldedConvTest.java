package io.serstreams.modelserver.onnx;

import io.serstreams.featureextractor.encoder.TensorShape;
import io.serstreams.featureextractor.encoder.TorchDtype;
import io.serstreams.featureextractor.encoder.TorchTensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FoldedConvTest {

    @Test
    void theFoldedConvComputesWhatTheConvThenItsBatchNormCompute() {
        // Two output channels of a 1x1 conv over 3 input channels.
        float[] w = {0.5f, -1.25f, 2f, 3f, 0.75f, -0.5f};
        float[] gamma = {1.5f, -0.8f};
        float[] beta = {0.2f, -0.3f};
        float[] mean = {0.7f, -1.1f};
        float[] variance = {0.004f, 2.5f};
        Map<String, TorchTensor> dict = Map.of(
                "c.0.weight", tensor(w, 2, 3, 1, 1),
                "c.1.weight", tensor(gamma, 2), "c.1.bias", tensor(beta, 2),
                "c.1.running_mean", tensor(mean, 2), "c.1.running_var", tensor(variance, 2));
        double eps = 1e-3;

        FoldedConv folded = FoldedConv.of(dict, "c", eps);

        assertThat(folded.shape()).containsExactly(2, 3, 1, 1);
        float[] x = {0.9f, -0.4f, 1.7f};
        for (int o = 0; o < 2; o++) {
            double conv = 0;
            double foldedConv = folded.bias()[o];
            for (int i = 0; i < 3; i++) {
                conv += w[o * 3 + i] * x[i];
                foldedConv += folded.weight()[o * 3 + i] * x[i];
            }
            double normed = (conv - mean[o]) / Math.sqrt(variance[o] + eps) * gamma[o] + beta[o];
            assertThat(foldedConv).as("channel %d", o).isCloseTo(normed, within(1e-5));
        }
    }

    @Test
    void theEpsilonIsTheOneGiven() {
        // A variance small next to eps makes 1e-3 and PyTorch's default 1e-5 far apart.
        Map<String, TorchTensor> dict = Map.of("c.0.weight", tensor(new float[]{1f}, 1, 1, 1, 1),
                "c.1.weight", tensor(new float[]{1f}, 1), "c.1.bias", tensor(new float[]{0f}, 1),
                "c.1.running_mean", tensor(new float[]{0f}, 1), "c.1.running_var", tensor(new float[]{1e-4f}, 1));

        assertThat(FoldedConv.of(dict, "c", 1e-3).weight()[0]).isCloseTo((float) (1 / Math.sqrt(1.1e-3)), within(1e-4f));
    }

    private static TorchTensor tensor(float[] values, int... dims) {
        return new TorchTensor(TorchDtype.FLOAT32, TensorShape.of(dims), values);
    }
}
