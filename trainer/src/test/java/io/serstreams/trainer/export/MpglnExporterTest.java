package io.serstreams.trainer.export;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.modelserver.bundle.Labels;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.onnx.MpglnWeights;
import io.serstreams.modelserver.testing.TestBundles;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model-server tests' random bundles are the trainer's network: given the same weights, the
 * graphs {@code TestBundles} writes and those {@link MpglnExporter} writes from a DJL block holding
 * them are the same protos.
 */
class MpglnExporterTest {
    private static final long SEED = 11;
    private static final int[] CHANNELS = {4, 8, 8};
    private static final int LSTM_HIDDEN = 8;
    private static final int FUSED = 16;

    @TempDir
    Path dir;

    @Test
    void exportsTheGraphsTestBundlesBuildsFromTheSameWeights() throws IOException {
        Path tests = TestBundles.write(dir.resolve("tests"), SEED, CHANNELS, LSTM_HIDDEN, FUSED);
        MpglnWeights weights = TestBundles.weights(SEED, CHANNELS, LSTM_HIDDEN, FUSED, 0);
        MpglnConfig config = new MpglnConfig(Variant.MPGL, CHANNELS, TestBundles.EMBEDDING, LSTM_HIDDEN, FUSED, 4, Labels.standard().domains().size(), 0, 0f);
        try (Model model = Model.newInstance("mpgln"); NDManager manager = NDManager.newBaseManager()) {
            MpglnBlock block = new MpglnBlock(config);
            model.setBlock(block);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 96, 64), new Shape(1, 192, FrameDescriptor.COUNT));
            load(block, weights);
            Path trainer = MpglnExporter.export(block, new MpglnExporter.BundleInfo("mpgln", "same", "same weights", Labels.standard(),
                    FeatureConfig.DEFAULT, Normalization.identity(), 0.5, Map.of()), dir.resolve("trainer"));

            for (String file : new String[]{"extractor.onnx", "heads.onnx"}) {
                GraphProto built = graph(tests.resolve(file));
                assertThat(built.getInitializerCount()).as(file + " has weights").isGreaterThan(4);
                assertThat(graph(trainer.resolve(file))).as(file).isEqualTo(built);
            }
        }
    }

    /** Puts {@code weights} into the block's parameters, layer by layer. */
    private static void load(MpglnBlock block, MpglnWeights weights) {
        Iterator<MpglnWeights.Conv> stages = weights.extractor().stages().iterator();
        for (Block child : block.extractor().getChildren().values()) {
            if (child instanceof Conv2d conv) {
                MpglnWeights.Conv stage = stages.next();
                set(conv, "weight", stage.kernel());
                set(conv, "bias", stage.bias());
            } else if (child instanceof Linear linear) {
                load(linear, weights.extractor().projection());
            }
        }
        assertThat(stages.hasNext()).as("every convolution stage used").isFalse();
        load(block.forwardLstm(), weights.heads().forward());
        load(block.backwardLstm(), weights.heads().backward());
        load(block.fusion(), weights.heads().fusion());
        Linear[] heads = block.heads();
        for (int i = 0; i < heads.length; i++) {
            load(heads[i], weights.heads().outputs().get(i));
        }
    }

    private static void load(Linear linear, MpglnWeights.Dense dense) {
        set(linear, "weight", dense.weight());
        set(linear, "bias", dense.bias());
    }

    private static void load(LSTM lstm, MpglnWeights.Lstm weights) {
        set(lstm, "i2h_WEIGHT", weights.inputWeights());
        set(lstm, "h2h_WEIGHT", weights.recurrentWeights());
        set(lstm, "i2h_BIAS", weights.inputBias());
        set(lstm, "h2h_BIAS", weights.recurrentBias());
    }

    private static void set(Block block, String suffix, float[] values) {
        int matched = 0;
        for (var p : block.getParameters()) {
            if (p.getKey().endsWith(suffix)) {
                assertThat(p.getValue().getArray().getShape().size()).as(p.getKey()).isEqualTo(values.length);
                p.getValue().getArray().set(values);
                matched++;
            }
        }
        assertThat(matched).as("parameters ending in " + suffix).isEqualTo(1);
    }

    private static GraphProto graph(Path file) throws IOException {
        return ModelProto.parseFrom(Files.readAllBytes(file)).getGraph();
    }
}
