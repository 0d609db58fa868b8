package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.effbench.engine.Intermediates;
import org.effbench.engine.LiveTensorProbe;

/**
 * Multi-head self-attention over (batch, sequence, hidden) input, as BERT's BertSelfAttention plus
 * its output projection: softmax(Q K^T / sqrt(d)) V with Q, K, V and the output each a Linear
 * hidden -> hidden. No mask: every position attends to every position.
 */
public final class SelfAttentionBlock extends AbstractBlock {

    private final int hidden;
    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    public SelfAttentionBlock(int hidden, int heads) {
        super((byte) 1);
        if (heads < 1 || hidden < 1 || hidden % heads != 0) {
            throw new IllegalArgumentException(
                    "attention needs hidden divisible by heads, got hidden="
                            + hidden
                            + " heads="
                            + heads);
        }
        this.hidden = hidden;
        this.heads = heads;
        query = addChildBlock("query", Linear.builder().setUnits(hidden).build());
        key = addChildBlock("key", Linear.builder().setUnits(hidden).build());
        value = addChildBlock("value", Linear.builder().setUnits(hidden).build());
        output = addChildBlock("output", Linear.builder().setUnits(hidden).build());
    }

    public int hidden() {
        return hidden;
    }

    public int heads() {
        return heads;
    }

    public int headDim() {
        return hidden / heads;
    }

    /** The projections in the order they run: query, key, value, output. */
    public List<Linear> projections() {
        return List.of(query, key, value, output);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        // Q, K, V, the scores and the context die with this block.
        return Intermediates.keepOnlyResult(
                inputs, in -> attend(parameterStore, in, training, params));
    }

    private NDList attend(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long batch = x.getShape().get(0);
        long seq = x.getShape().get(1);
        NDArray q = heads(query.forward(parameterStore, inputs, training, params), batch, seq);
        NDArray k = heads(key.forward(parameterStore, inputs, training, params), batch, seq);
        NDArray v = heads(value.forward(parameterStore, inputs, training, params), batch, seq);
        // (b, h, s, d) x (b, h, d, s): scaling Q first touches s*d values instead of s*s.
        NDArray scores = q.muli(1.0 / Math.sqrt(headDim())).matMul(k.transpose(0, 1, 3, 2));
        NDArray probabilities = scores.softmax(-1);
        LiveTensorProbe
                .observe(); // scores and probabilities, batch x heads x s x s each, are alive here
        NDArray context = probabilities.matMul(v);
        NDArray merged = context.transpose(0, 2, 1, 3).reshape(batch, seq, hidden);
        return output.forward(parameterStore, new NDList(merged), training, params);
    }

    private NDArray heads(NDList projected, long batch, long seq) {
        return projected
                .singletonOrThrow()
                .reshape(batch, seq, heads, headDim())
                .transpose(0, 2, 1, 3);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        query.initialize(manager, dataType, inputShapes);
        key.initialize(manager, dataType, inputShapes);
        value.initialize(manager, dataType, inputShapes);
        output.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "SelfAttention(hidden=" + hidden + ", heads=" + heads + ")";
    }
}
