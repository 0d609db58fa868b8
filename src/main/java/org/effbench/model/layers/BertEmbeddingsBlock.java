package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.effbench.engine.Intermediates;

/**
 * BERT's input embeddings: LayerNorm(word(ids) + position(0..s-1) + tokenType(0)), input token ids
 * of shape (batch, sequence), output (batch, sequence, hidden).
 */
public final class BertEmbeddingsBlock extends AbstractBlock {

    private final EmbeddingBlock word;
    private final EmbeddingBlock position;
    private final EmbeddingBlock tokenType;
    private final LayerNorm norm;

    public BertEmbeddingsBlock(int vocabulary, int maxPositions, int tokenTypes, int hidden) {
        super((byte) 1);
        word = addChildBlock("word", new EmbeddingBlock(vocabulary, hidden));
        position = addChildBlock("position", new EmbeddingBlock(maxPositions, hidden));
        tokenType = addChildBlock("tokenType", new EmbeddingBlock(tokenTypes, hidden));
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).optEpsilon(1e-12f).build());
    }

    public long maxPositions() {
        return position.size();
    }

    public EmbeddingBlock word() {
        return word;
    }

    public EmbeddingBlock position() {
        return position;
    }

    public EmbeddingBlock tokenType() {
        return tokenType;
    }

    public LayerNorm norm() {
        return norm;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return Intermediates.keepOnlyResult(
                inputs, in -> embed(parameterStore, in, training, params));
    }

    private NDList embed(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        long seq = ids.getShape().get(1);
        if (seq > position.size()) {
            throw new IllegalArgumentException(
                    "sequence length "
                            + seq
                            + " exceeds the "
                            + position.size()
                            + " positions of this model");
        }
        // Position and token-type ids are made on the ids' manager, so they die with the caller's
        // scope.
        NDManager scope = ids.getManager();
        NDArray positions = scope.arange(0, (int) seq, 1, DataType.INT64).expandDims(0);
        NDArray types = scope.zeros(new Shape(1, seq), DataType.INT64);
        NDArray sum = word.forward(parameterStore, new NDList(ids), training).singletonOrThrow();
        sum.addi(
                position.forward(parameterStore, new NDList(positions), training)
                        .singletonOrThrow());
        sum.addi(tokenType.forward(parameterStore, new NDList(types), training).singletonOrThrow());
        return norm.forward(parameterStore, new NDList(sum), training, params);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        word.initialize(manager, dataType, ids);
        position.initialize(manager, dataType, new Shape(1, ids.get(1)));
        tokenType.initialize(manager, dataType, new Shape(1, ids.get(1)));
        norm.initialize(manager, dataType, getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return word.getOutputShapes(inputShapes);
    }

    @Override
    public String toString() {
        return "BertEmbeddings(" + word.size() + " words, " + position.size() + " positions)";
    }
}
