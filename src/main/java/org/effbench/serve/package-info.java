/**
 * Serving capacity in open loop. Requests arrive on a schedule drawn in advance ({@link
 * org.effbench.serve.Arrival}: Poisson or constant at a target rate), wait in one queue ({@link
 * org.effbench.serve.LoadQueue}) whose dynamic batcher ({@link org.effbench.serve.BatchPolicy})
 * hands batches to N workers ({@link org.effbench.serve.Workers}, each serving a {@link
 * org.effbench.serve.Service}: a model's forward pass or a synthetic fixed-time service); each
 * request's latency runs from its scheduled arrival to its completion (no coordinated omission),
 * with its queue and service time, in HdrHistogram. {@link org.effbench.serve.Validity} applies
 * MLPerf LoadGen's rules (minimum queries and duration, the p99 within the bound and supported by
 * {@link org.effbench.base.PercentileRule}); {@link org.effbench.serve.CapacitySearch} bisects for
 * the highest rate that meets the bound, from the Offline throughput. The same queue runs on a
 * simulated clock ({@link org.effbench.serve.Simulation}) for tests and as the exact reference of
 * the M/D/1 check ({@link org.effbench.serve.TheoryCheck}). Uses the model and engine layers; never
 * the JMH harness.
 */
package org.effbench.serve;
