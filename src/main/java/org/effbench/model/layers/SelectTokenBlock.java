package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Picks one position of a (batch, sequence, features) input, e.g. BERT's [CLS] token at 0. */
public final class SelectTokenBlock extends AbstractBlock {

    private final int position;

    public SelectTokenBlock(int position) {
        super((byte) 1);
        if (position < 0) {
            throw new IllegalArgumentException("token position must be >= 0, got " + position);
        }
        this.position = position;
    }

    public int position() {
        return position;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.get(":, " + position + ", :"));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(2))};
    }

    @Override
    public String toString() {
        return "SelectToken(" + position + ")";
    }
}
