package io.serstreams.modelserver.onnx;

import java.util.List;

/**
 * The weights of an MPGLN network as plain arrays, laid out as PyTorch (and DJL on it) keeps them,
 * for {@link MpglnGraphs} to write as ONNX graphs. Every array is row-major and copied in and out,
 * so a record never changes after it is made.
 *
 * @param extractor the VGG-style extractor over log-mel patches; null where the bundle references an encoder
 * @param heads     everything after the patch embeddings
 */
public record MpglnWeights(Extractor extractor, Heads heads) {

    /**
     * A fully connected layer, {@code y = x W^T + b}.
     *
     * @param weight {@code [outputs, inputs]}
     * @param bias   {@code [outputs]}
     */
    public record Dense(int outputs, int inputs, float[] weight, float[] bias) {
        public Dense {
            weight = sized("dense weight", weight, (long) outputs * inputs).clone();
            bias = sized("dense bias", bias, outputs).clone();
        }

        @Override
        public float[] weight() {
            return weight.clone();
        }

        /**
         * The same layer taking its inputs before standardisation: {@code (x - mean) / std} folded
         * into the weights and bias, so a graph needs no separate standardisation step.
         */
        public Dense overUnstandardised(float[] mean, float[] std) {
            sized("standardisation mean", mean, inputs);
            sized("standardisation deviation", std, inputs);
            float[] w = new float[weight.length];
            float[] b = bias.clone();
            for (int o = 0; o < outputs; o++) {
                double shift = 0;
                for (int i = 0; i < inputs; i++) {
                    w[o * inputs + i] = weight[o * inputs + i] / std[i];
                    shift += (double) weight[o * inputs + i] * mean[i] / std[i];
                }
                b[o] = (float) (bias[o] - shift);
            }
            return new Dense(outputs, inputs, w, b);
        }

        @Override
        public float[] bias() {
            return bias.clone();
        }
    }

    /**
     * A 3x3 convolution with padding 1.
     *
     * @param kernel {@code [outputs, inputs, 3, 3]}
     * @param bias   {@code [outputs]}
     */
    public record Conv(int outputs, int inputs, float[] kernel, float[] bias) {
        public Conv {
            kernel = sized("conv kernel", kernel, (long) outputs * inputs * 9).clone();
            bias = sized("conv bias", bias, outputs).clone();
        }

        @Override
        public float[] kernel() {
            return kernel.clone();
        }

        @Override
        public float[] bias() {
            return bias.clone();
        }
    }

    /**
     * One direction of an LSTM, its four gate blocks in PyTorch's order (input, forget, cell, output).
     *
     * @param inputWeights     {@code W_ih}, {@code [4 * hidden, inputs]}
     * @param recurrentWeights {@code W_hh}, {@code [4 * hidden, hidden]}
     * @param inputBias        {@code b_ih}, {@code [4 * hidden]}
     * @param recurrentBias    {@code b_hh}, {@code [4 * hidden]}
     */
    public record Lstm(int hidden, int inputs, float[] inputWeights, float[] recurrentWeights, float[] inputBias, float[] recurrentBias) {
        public Lstm {
            inputWeights = sized("LSTM input weights", inputWeights, 4L * hidden * inputs).clone();
            recurrentWeights = sized("LSTM recurrent weights", recurrentWeights, 4L * hidden * hidden).clone();
            inputBias = sized("LSTM input bias", inputBias, 4L * hidden).clone();
            recurrentBias = sized("LSTM recurrent bias", recurrentBias, 4L * hidden).clone();
        }

        @Override
        public float[] inputWeights() {
            return inputWeights.clone();
        }

        @Override
        public float[] recurrentWeights() {
            return recurrentWeights.clone();
        }

        @Override
        public float[] inputBias() {
            return inputBias.clone();
        }

        @Override
        public float[] recurrentBias() {
            return recurrentBias.clone();
        }
    }

    /**
     * Convolution stages (each followed by ReLU and 2x2 max-pooling) from one input channel, then
     * either global average pooling or, where {@code dense} is given, the flattened feature map
     * through that layer and a ReLU; then the projection to the embedding.
     *
     * @param dense null for global average pooling
     */
    public record Extractor(List<Conv> stages, Dense dense, Dense projection) {
        public Extractor {
            stages = List.copyOf(stages);
            if (stages.isEmpty() || stages.get(0).inputs() != 1) {
                throw new IllegalArgumentException("the extractor needs convolution stages, the first over one input channel");
            }
            for (int i = 1; i < stages.size(); i++) {
                connect("convolution stage " + i, stages.get(i - 1).outputs(), stages.get(i).inputs());
            }
            connect("the projection", dense != null ? dense.outputs() : stages.get(stages.size() - 1).outputs(), projection.inputs());
        }

        /** The embedding's width. */
        public int embedding() {
            return projection.outputs();
        }
    }

    /**
     * The heads: the patch embeddings' masked mean where {@code transferredPath} (SPSL has none),
     * then, over a referenced encoder, a ReLU projection of it; joined with the last states of a
     * BiLSTM over the frame descriptors, a ReLU fusion layer, and four softmax heads.
     *
     * @param embedding  the patch embeddings' width, declared on the graph's input even where unused
     * @param forward    the LSTM over the descriptors in time order
     * @param backward   the LSTM over the descriptors in reverse time order
     * @param projection null where the embeddings come from the bundle's own extractor; over a referenced
     *                   encoder, the layer (with its input standardisation folded in) from the encoder's
     *                   {@code embedding}-wide output to the transferred path's width
     */
    public record Heads(int embedding, boolean transferredPath, Lstm forward, Lstm backward, Dense fusion,
                        Dense emotion, Dense arousal, Dense valence, Dense domain, Dense projection) {
        public Heads {
            if (forward.hidden() != backward.hidden() || forward.inputs() != backward.inputs()) {
                throw new IllegalArgumentException("the two LSTM directions differ in size");
            }
            if (projection != null) {
                if (!transferredPath) {
                    throw new IllegalArgumentException("a projection of the encoder's output needs the transferred path");
                }
                connect("the encoder projection", embedding, projection.inputs());
            }
            int transferred = !transferredPath ? 0 : projection != null ? projection.outputs() : embedding;
            connect("the fusion layer", 2 * forward.hidden() + transferred, fusion.inputs());
            for (Dense head : List.of(emotion, arousal, valence, domain)) {
                connect("a head", fusion.outputs(), head.inputs());
            }
        }

        /** Heads over the bundle's own extractor's embeddings (no projection). */
        public Heads(int embedding, boolean transferredPath, Lstm forward, Lstm backward, Dense fusion,
                     Dense emotion, Dense arousal, Dense valence, Dense domain) {
            this(embedding, transferredPath, forward, backward, fusion, emotion, arousal, valence, domain, null);
        }

        /** The four heads in output order: emotion, arousal, valence, domain. */
        public List<Dense> outputs() {
            return List.of(emotion, arousal, valence, domain);
        }
    }

    private static float[] sized(String what, float[] values, long expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(what + " has " + values.length + " values, its shape needs " + expected);
        }
        return values;
    }

    private static void connect(String layer, int given, int takes) {
        if (given != takes) {
            throw new IllegalArgumentException(layer + " takes " + takes + " inputs but is given " + given);
        }
    }
}
