package io.serstreams.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.serstreams.featureextractor.encoder.Mn04Architecture;

import java.util.List;

/**
 * mn04's last blocks, its last conv and the pooling, shared with the {@link Mn04Block} they come
 * from ({@link Mn04Block#tail}): input the activation map at the first of them, output the pooled
 * 384-d embedding {@code [B, 384]}. Fine-tuning trains these layers only; the earlier ones run
 * once, when their output map is cached.
 */
public final class Mn04Tail extends AbstractBlock {
    private final List<Block> stages;
    private final int first;

    Mn04Tail(List<Block> stages, int first) {
        this.stages = List.copyOf(stages);
        this.first = first;
        for (int i = 0; i < this.stages.size(); i++) {
            addChildBlock("stage" + i, this.stages.get(i));
        }
    }

    /** Opens the weights to training, BatchNorm's running statistics excepted (they stay AudioSet's). */
    public void unfreeze() {
        freezeParameters(false, p -> p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(lastMap(ps, inputs.singletonOrThrow(), training).mean(new int[]{2}).mean(new int[]{2}));
    }

    /** The last conv's map {@code [B, 384, F, W']} before the pooling. */
    public NDArray lastMap(ParameterStore ps, NDArray map, boolean training) {
        NDArray x = map;
        for (Block stage : stages) {
            x = stage.forward(ps, new NDList(x), training).singletonOrThrow();
        }
        return x;
    }

    /** The last map's width for an input map {@code width} columns wide (the stride-2 blocks halve it, ceil). */
    public int outputWidth(int width) {
        int w = width;
        for (Mn04Architecture.Block b : Mn04Architecture.blocks().subList(first - 1, Mn04Architecture.blocks().size())) {
            w = b.stride() == 2 ? (w + 1) / 2 : w;
        }
        return w;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{new Shape(inputShapes[0].get(0), Mn04Architecture.embeddingChannels())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // The layers come loaded from the checkpoint (or from a training checkpoint): never initialise them afresh.
        for (Block stage : stages) {
            if (!stage.isInitialized()) {
                throw new IllegalStateException("an mn04 tail is built from a loaded Mn04Block");
            }
        }
    }
}
