package org.effbench.operators;

import org.effbench.base.Flops;

/**
 * One operator kind over the profiled passes, per pass: calls, self time, the time of the calls
 * that were counted (inclusive of what they called), their MACs and element-wise operations.
 *
 * @param estimate some count of this operator had to be inferred (see {@link
 *     OperatorCounter.Count})
 */
public record OperatorRow(
        String operator,
        double calls,
        double selfMicros,
        double countedMicros,
        long macs,
        long elementwiseOps,
        boolean estimate) {

    /** FLOPs by the suite's convention: 2 x MACs plus the element-wise operations counted. */
    public long flops() {
        return Flops.ofMacs(macs) + elementwiseOps;
    }

    /** Achieved GFLOP/s over the counted calls' time; NaN where nothing was counted. */
    public double gflops() {
        return flops() == 0 || countedMicros <= 0 ? Double.NaN : flops() / (countedMicros * 1e3);
    }
}
