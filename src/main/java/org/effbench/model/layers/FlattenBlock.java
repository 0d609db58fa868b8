package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** torch.flatten(x, 1): keeps the batch axis and folds the rest into one. */
public final class FlattenBlock extends AbstractBlock {

    public FlattenBlock() {
        super((byte) 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.reshape(x.getShape().get(0), -1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.size() / in.get(0))};
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
