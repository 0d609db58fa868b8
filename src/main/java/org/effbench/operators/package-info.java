/**
 * Operator-level view of a forward pass, for any model, zoo or TorchScript file: libtorch's
 * profiler (through DJL) records every operator with its input shapes and times ({@link
 * org.effbench.operators.OperatorProfiler}); this package reads its chrome trace and nests the
 * events ({@link org.effbench.operators.ChromeTrace}), counts each call's MACs from its shapes with
 * the shared rule table of {@code counting} ({@link org.effbench.operators.OperatorCounter}), and
 * aggregates calls, self time and achieved GFLOP/s per operator ({@link
 * org.effbench.operators.OperatorProfile}), written as a table or CSV ({@link
 * org.effbench.operators.OperatorReport}).
 */
package org.effbench.operators;
