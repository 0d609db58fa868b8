/**
 * Static model metrics from a walk over a zoo model's block tree ({@link
 * org.effbench.metrics.BlockTracer}: leaf layers counted by a table, composite blocks walked by a
 * table): per-layer MACs, FLOPs (or OPs for integer dtypes), parameters, activations, peak live
 * activation memory by liveness ({@link org.effbench.metrics.PeakMemory}), model size per dtype,
 * gathered in a {@link org.effbench.metrics.ModelProfile} and written as a table, CSV or JSON
 * ({@link org.effbench.metrics.ProfileReport}). A profile can carry the peak measured in one real
 * pass ({@link org.effbench.metrics.MeasuredMemory}, measured by {@code memory}) for comparison;
 * nothing here runs a pass. The metrics a run's rows need are stored in its folder as {@code
 * model-metrics.json} ({@link org.effbench.metrics.ModelMetricsFile}): per model and batch size a
 * {@link org.effbench.metrics.StaticMetrics}, per zoo model its {@link
 * org.effbench.metrics.LayerMacs} for the per-layer chart.
 *
 * <p>Conventions, stated once: 1 MAC = one multiply-accumulate; FLOPs = 2 x MACs, plus, only when
 * asked for ("all ops"), the element-wise work listed in {@link
 * org.effbench.metrics.ElementwiseCost}; counts include the batch; parameters are the trainable
 * weight elements counted once from the root, BatchNorm running statistics are buffers; model size
 * = parameters x bits / 8.
 */
package org.effbench.metrics;
