package org.effbench.metrics;

import java.util.List;

/**
 * A forward pass as the block walk sees it: every step in execution order, the input and output
 * tensors, and the blocks the counter did not understand (by name and kind).
 */
public record Trace(List<LayerOp> ops, Tensor input, Tensor output, List<String> unsupported) {

    public Trace {
        ops = List.copyOf(ops);
        unsupported = List.copyOf(unsupported);
    }

    /** True when every block was understood, so the totals are complete. */
    public boolean complete() {
        return unsupported.isEmpty();
    }
}
