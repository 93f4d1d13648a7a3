package io.serstreams.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Channel squeeze-excitation as mn04 uses it: each channel's mean over the whole map, a ReLU
 * bottleneck, a logistic gate per channel, the input scaled by its gate.
 */
final class SqueezeExcitation extends AbstractBlock {
    private final Linear reduce;
    private final Linear expand;
    private final int squeezed;

    SqueezeExcitation(int channels, int squeezed) {
        this.squeezed = squeezed;
        this.reduce = addChildBlock("fc1", Linear.builder().setUnits(squeezed).build());
        this.expand = addChildBlock("fc2", Linear.builder().setUnits(channels).build());
    }

    Linear reduce() {
        return reduce;
    }

    Linear expand() {
        return expand;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray squeezed = x.mean(new int[]{3}).mean(new int[]{2});
        NDArray hidden = Activation.relu(reduce.forward(ps, new NDList(squeezed), training).singletonOrThrow());
        NDArray gate = Activation.sigmoid(expand.forward(ps, new NDList(hidden), training).singletonOrThrow());
        return new NDList(x.mul(gate.expandDims(2).expandDims(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        long channels = inputShapes[0].get(1);
        reduce.initialize(manager, dataType, new Shape(batch, channels));
        expand.initialize(manager, dataType, new Shape(batch, squeezed));
    }
}
