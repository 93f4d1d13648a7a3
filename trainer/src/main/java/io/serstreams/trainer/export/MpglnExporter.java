package io.serstreams.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.encoder.Mn04Architecture;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrontEnd;
import io.serstreams.modelserver.bundle.BundleWriter;
import io.serstreams.featureextractor.encoder.TorchTensor;
import io.serstreams.modelserver.bundle.EncoderReference;
import io.serstreams.modelserver.bundle.EncoderTensorFile;
import io.serstreams.modelserver.bundle.FeatureSpec;
import io.serstreams.modelserver.bundle.GraphContract;
import io.serstreams.modelserver.bundle.Labels;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.onnx.MpglnGraphs;
import io.serstreams.modelserver.onnx.MpglnWeights;
import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.trainer.eval.ProtocolResult;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link MpglnBlock} as a model bundle: its weights, read from DJL, go through
 * {@link MpglnGraphs} into the extractor and heads graphs, beside the manifest. A block over the
 * frozen mn04 becomes a bundle that references the encoder: {@code heads.onnx} only, the manifest's
 * {@code encoder} section, and a {@value ModelCard#FILE}.
 */
public final class MpglnExporter {
    private static final String PRODUCER = "ser-streams trainer";

    private MpglnExporter() {
    }

    /** What the manifest says besides the graphs. */
    public record BundleInfo(String name, String version, String description, Labels labels, FeatureConfig features,
                             Normalization normalization, double outOfDomainThreshold, Map<String, Object> training) {
    }

    /** Writes the bundle of {@code block}'s current weights into {@code dir}; returns {@code dir}. */
    public static Path export(MpglnBlock block, BundleInfo info, Path dir) {
        if (block.config().overEncoder()) {
            throw new IllegalArgumentException("a model over a frozen encoder is exported with the statistics its inputs were standardised by");
        }
        return exportWithExtractor(block, info, dir);
    }

    /**
     * Writes the bundle of a block over the frozen mn04's embedding into {@code dir}, referencing
     * the encoder; returns {@code dir}.
     *
     * @param pooled the statistics the served embedding is standardised by (folded into the projection):
     *               the training domains' pooled ones, since the domain of served audio is unknown
     * @param figures the run's scores for the model card; empty where the bundle comes from a checkpoint alone
     */
    public static Path exportReferencing(MpglnBlock block, BundleInfo info, FeatureStatistics pooled, List<ProtocolResult> figures, Path dir) {
        return exportReferencing(block, info, pooled, figures, null, dir);
    }

    /**
     * As above, for a block whose mn04 tail was fine-tuned: {@code fineTuned} (the changed mn04
     * tensors by checkpoint key; null for none) goes into the bundle's {@link EncoderTensorFile},
     * which the runtime lays over the release before converting it. Such a bundle holds changed
     * third-party weights: it stays on the machine that trained it.
     */
    public static Path exportReferencing(MpglnBlock block, BundleInfo info, FeatureStatistics pooled, List<ProtocolResult> figures,
                                         Map<String, TorchTensor> fineTuned, Path dir) {
        MpglnConfig config = block.config();
        int width = Mn04Architecture.embeddingChannels();
        if (!config.overEncoder() || config.encoderInput() != width) {
            throw new IllegalArgumentException("a bundle referencing mn04 needs a model over its " + width + "-d embedding (--encoder mn04 "
                    + "--encoder-features embedding): the served encoder gives its embedding or frames, not its logits; this model takes "
                    + (config.overEncoder() ? config.encoderInput() + " values" : "log-mel patches"));
        }
        Linear[] heads = block.heads();
        Linear projection = null;
        for (Block child : block.extractor().getChildren().values()) {
            if (child instanceof Linear linear) {
                projection = linear;
            }
        }
        boolean transferred = config.variant().transferredPath();
        MpglnWeights.Heads weights = new MpglnWeights.Heads(width, transferred, lstm(block.forwardLstm()), lstm(block.backwardLstm()),
                dense(block.fusion()), dense(heads[0]), dense(heads[1]), dense(heads[2]), dense(heads[3]),
                transferred ? dense(projection).overUnstandardised(pooled.mean(), pooled.std()) : null);
        EncoderReference encoder = EncoderReference.of(EncoderSpec.MN04, EncoderReference.EMBEDDING).withTrainingStatistics(pooled);
        if (fineTuned != null) {
            encoder = encoder.fineTunedIn(EncoderTensorFile.FILE);
        }
        FeatureConfig features = info.features();
        ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, info.name(), info.version(), info.description(), info.labels(),
                info.outOfDomainThreshold(), FeatureSpec.of(features, FrontEnd.EFFICIENTAT_LOGMEL), info.normalization(),
                Map.of(GraphContract.HEADS, GraphContract.expected(info.labels(), features.patchFrames(), features.melBands(), width, "", "heads.onnx")
                        .get(GraphContract.HEADS)),
                info.training(), encoder);
        Path bundle = BundleWriter.write(dir, manifest, Map.of("heads.onnx", MpglnGraphs.heads(weights, PRODUCER).toByteArray()));
        if (fineTuned != null) {
            EncoderTensorFile.write(bundle.resolve(EncoderTensorFile.FILE), fineTuned);
        }
        new ModelCard(info, encoder, figures).write(bundle);
        return bundle;
    }

    private static Path exportWithExtractor(MpglnBlock block, BundleInfo info, Path dir) {
        MpglnConfig config = block.config();
        MpglnWeights weights = weights(block);
        ModelProto extractor = MpglnGraphs.extractor(weights.extractor(), info.features().patchFrames(), info.features().melBands(), PRODUCER);
        ModelProto heads = MpglnGraphs.heads(weights.heads(), PRODUCER);
        ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, info.name(), info.version(), info.description(), info.labels(),
                info.outOfDomainThreshold(), FeatureSpec.of(info.features()), info.normalization(),
                GraphContract.expected(info.labels(), info.features().patchFrames(), info.features().melBands(), config.embedding(),
                        "extractor.onnx", "heads.onnx"),
                info.training());
        Path bundle = BundleWriter.write(dir, manifest, Map.of("extractor.onnx", extractor.toByteArray(), "heads.onnx", heads.toByteArray()));
        // Figures come later, once the bundle has been scored (ProtocolRun writes the card again with them).
        new ModelCard(info, null, List.of()).write(bundle);
        return bundle;
    }

    /** The block's weights as they are now, in PyTorch's layout (DJL keeps them so on the PyTorch engine). */
    static MpglnWeights weights(MpglnBlock block) {
        MpglnConfig config = block.config();
        List<MpglnWeights.Conv> stages = new ArrayList<>();
        MpglnWeights.Dense projection = null;
        for (Block child : block.extractor().getChildren().values()) {
            if (child instanceof Conv2d conv) {
                NDArray kernel = param(conv, "weight");
                stages.add(new MpglnWeights.Conv(Math.toIntExact(kernel.getShape().get(0)), Math.toIntExact(kernel.getShape().get(1)),
                        kernel.toFloatArray(), param(conv, "bias").toFloatArray()));
            } else if (child instanceof Linear linear) {
                projection = dense(linear);
            }
        }
        Linear[] heads = block.heads();
        return new MpglnWeights(new MpglnWeights.Extractor(stages, null, projection),
                new MpglnWeights.Heads(config.embedding(), config.variant().transferredPath(), lstm(block.forwardLstm()), lstm(block.backwardLstm()),
                        dense(block.fusion()), dense(heads[0]), dense(heads[1]), dense(heads[2]), dense(heads[3])));
    }

    private static MpglnWeights.Dense dense(Linear linear) {
        NDArray weight = param(linear, "weight");
        return new MpglnWeights.Dense(Math.toIntExact(weight.getShape().get(0)), Math.toIntExact(weight.getShape().get(1)),
                weight.toFloatArray(), param(linear, "bias").toFloatArray());
    }

    private static MpglnWeights.Lstm lstm(LSTM lstm) {
        NDArray i2h = paramEndingWith(lstm, "i2h_WEIGHT");
        return new MpglnWeights.Lstm(Math.toIntExact(i2h.getShape().get(0) / 4), Math.toIntExact(i2h.getShape().get(1)), i2h.toFloatArray(),
                paramEndingWith(lstm, "h2h_WEIGHT").toFloatArray(), paramEndingWith(lstm, "i2h_BIAS").toFloatArray(),
                paramEndingWith(lstm, "h2h_BIAS").toFloatArray());
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
}
