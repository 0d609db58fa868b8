package org.effbench.model.layers;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.effbench.engine.Intermediates;

/** Runs every branch on the same input and concatenates their outputs along one axis. */
public final class ConcatBlock extends AbstractBlock {

    private final int axis;

    public ConcatBlock(int axis, List<Block> branches) {
        super((byte) 1);
        if (branches.size() < 2) {
            throw new IllegalArgumentException(
                    "a concatenation needs at least 2 branches, got " + branches.size());
        }
        this.axis = axis;
        for (int i = 0; i < branches.size(); i++) {
            addChildBlock("branch" + i, branches.get(i));
        }
    }

    public int axis() {
        return axis;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList parts = new NDList(children.size());
        for (Block branch : children.values()) {
            parts.add(branch.forward(parameterStore, inputs, training, params).singletonOrThrow());
        }
        NDList joined = new NDList(NDArrays.concat(parts, axis));
        Intermediates.closeUnlessKept(parts, joined);
        return joined;
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block branch : children.values()) {
            branch.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] dims = null;
        for (Block branch : children.values()) {
            long[] part = branch.getOutputShapes(inputShapes)[0].getShape();
            if (dims == null) {
                dims = part.clone();
            } else {
                dims[axis] += part[axis];
            }
        }
        return new Shape[] {new Shape(dims)};
    }

    @Override
    public String toString() {
        return "Concat(axis=" + axis + ", branches=" + children.size() + ")";
    }
}
