package org.effbench.model.layers;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.effbench.engine.Intermediates;
import org.effbench.engine.LiveTensorProbe;

/**
 * A {@link SequentialBlock} that frees each intermediate output once the next layer has consumed it
 * (see {@link Intermediates}). Its own input is never freed: the caller may still need it, as a
 * residual branch does.
 */
public class EagerSequentialBlock extends SequentialBlock {

    @Override
    public EagerSequentialBlock add(Block block) {
        if (getChildren().isEmpty() && block instanceof ActivationBlock a && a.isInPlace()) {
            throw new IllegalArgumentException(
                    "an in-place activation cannot be the first layer of a sequence: its input"
                            + " belongs to the caller (a residual may still read it)");
        }
        super.add(block);
        return this;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        for (Block child : getChildren().values()) {
            NDList next = child.forward(parameterStore, current, training, params);
            LiveTensorProbe.observe();
            if (current != inputs) {
                Intermediates.closeUnlessKept(current, next);
            }
            current = next;
        }
        return current;
    }
}
