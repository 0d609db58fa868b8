package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/** torch.nn.Embedding: a lookup table of {@code size} rows of {@code dim} values; 0 MACs. */
public final class EmbeddingBlock extends AbstractBlock {

    private final long size;
    private final long dim;
    private final Parameter weight;

    public EmbeddingBlock(long size, long dim) {
        super((byte) 1);
        if (size < 1 || dim < 1) {
            throw new IllegalArgumentException(
                    "an embedding needs size >= 1 and dim >= 1, got " + size + "x" + dim);
        }
        this.size = size;
        this.dim = dim;
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optInitializer(new NormalInitializer(0.02f))
                                .optShape(new Shape(size, dim))
                                .build());
    }

    public long size() {
        return size;
    }

    public long dim() {
        return dim;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        NDArray table = parameterStore.getValue(weight, ids.getDevice(), training);
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dim)};
    }

    @Override
    public String toString() {
        return "Embedding(" + size + ", " + dim + ")";
    }
}
