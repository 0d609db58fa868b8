package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Picks one position of a (batch, sequence, features) input, e.g. BERT's [CLS] token at 0. */
public final class SelectTokenBlock extends SingleArrayBlock {

    private final int position;

    public SelectTokenBlock(int position) {
        if (position < 0) {
            throw new IllegalArgumentException("token position must be >= 0, got " + position);
        }
        this.position = position;
    }

    public int position() {
        return position;
    }

    @Override
    NDArray apply(NDArray x) {
        return x.get(":, " + position + ", :");
    }

    @Override
    Shape outputShape(Shape in) {
        return new Shape(in.get(0), in.get(2));
    }

    @Override
    public String toString() {
        return "SelectToken(" + position + ")";
    }
}
