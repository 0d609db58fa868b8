package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Objects;
import java.util.Optional;
import org.effbench.engine.Intermediates;

/**
 * out = body(x) + shortcut(x), where an absent shortcut is the identity.
 *
 * <p>The input stays alive until the body has run: that is what makes a residual branch cost
 * activation memory.
 */
public final class ResidualAddBlock extends AbstractBlock {

    private final Block body;
    private final Block shortcut;

    /** A residual join with an identity shortcut. */
    public ResidualAddBlock(Block body) {
        this(body, null);
    }

    /** A residual join whose shortcut is a block of its own (e.g. a strided 1x1 projection). */
    public ResidualAddBlock(Block body, Block shortcut) {
        super((byte) 1);
        this.body = addChildBlock("body", Objects.requireNonNull(body, "body"));
        this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
    }

    public Block body() {
        return body;
    }

    public Optional<Block> shortcut() {
        return Optional.ofNullable(shortcut);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray out = body.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray identity =
                shortcut == null
                        ? inputs.singletonOrThrow()
                        : shortcut.forward(parameterStore, inputs, training, params)
                                .singletonOrThrow();
        // In place, as torchvision's `out += identity`: the body's output is ours to reuse.
        out.addi(identity);
        if (shortcut != null) {
            Intermediates.close(identity);
        }
        return new NDList(out);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = body.getOutputShapes(inputShapes);
        Shape[] identity = shortcut == null ? inputShapes : shortcut.getOutputShapes(inputShapes);
        if (!out[0].equals(identity[0])) {
            throw new IllegalArgumentException(
                    "residual branches disagree: body gives "
                            + out[0]
                            + ", shortcut gives "
                            + identity[0]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ResidualAdd(" + (shortcut == null ? "identity" : "projection") + ")";
    }
}
