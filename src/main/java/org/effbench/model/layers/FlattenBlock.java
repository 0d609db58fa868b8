package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** torch.flatten(x, 1): keeps the batch axis and folds the rest into one. */
public final class FlattenBlock extends SingleArrayBlock {

    @Override
    NDArray apply(NDArray x) {
        return x.reshape(x.getShape().get(0), -1);
    }

    @Override
    Shape outputShape(Shape in) {
        return new Shape(in.get(0), in.size() / in.get(0));
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
