package org.effbench.metrics;

import java.util.List;
import org.effbench.base.Flops;

/**
 * One step of a forward pass as the block walk sees it: a leaf layer, or an operation inside a
 * composite block (a residual add, attention's matrix products).
 *
 * @param name dotted path from the root, e.g. {@code 4.0.body.3}
 * @param kind what it is, e.g. {@code Conv2d}
 * @param settings the settings read back from the block, e.g. {@code 3x3 s1 p1 g1}
 * @param params trainable weight elements of this layer
 * @param buffers non-trainable elements (BatchNorm running statistics)
 * @param macs multiply-accumulates, batch included
 * @param elementwiseOps element-wise operations (counted in FLOPs only with all ops)
 * @param inputs tensors read
 * @param output tensor written
 * @param allocates false for a view or an in-place result (no new memory)
 * @param understood false when the counter does not know this kind: its counts are missing, not
 *     zero
 */
public record LayerOp(
        String name,
        String kind,
        String settings,
        long params,
        long buffers,
        long macs,
        long elementwiseOps,
        List<Tensor> inputs,
        Tensor output,
        boolean allocates,
        boolean understood) {

    public LayerOp {
        inputs = List.copyOf(inputs);
    }

    /** Elements of the output: this layer's activations. */
    public long activations() {
        return output.elements();
    }

    /** FLOPs (or OPs): 2 x MACs, plus element-wise work when {@code allOps}. */
    public long ops(boolean allOps) {
        return Flops.ofMacs(macs) + (allOps ? elementwiseOps : 0);
    }
}
