package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A layer without parameters that maps one array to one array: pooling, activations, reshapes. */
abstract class SingleArrayBlock extends AbstractBlock {

    SingleArrayBlock() {
        super((byte) 1);
    }

    /** The layer's operation on its input. */
    abstract NDArray apply(NDArray x);

    /** The output shape for an input of {@code in}. */
    abstract Shape outputShape(Shape in);

    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outputShape(inputShapes[0])};
    }
}
