/**
 * Static model metrics from a walk over the block tree: per-layer MACs, FLOPs (or OPs for integer
 * dtypes), parameters, activations, peak live activation memory by liveness, model size per
 * dtype; and the measured peak of one forward pass for comparison.
 *
 * <p>Conventions, stated once: 1 MAC = one multiply-accumulate; FLOPs = 2 x MACs, plus, only when
 * asked for ("all ops"), the element-wise work listed in {@link org.effbench.metrics.ElementwiseCost};
 * counts include the batch; parameters are the trainable weight elements counted once from the
 * root, BatchNorm running statistics are buffers; model size = parameters x bits / 8.
 */
package org.effbench.metrics;
