package org.effbench.serve;

import org.effbench.base.Checks;
import org.effbench.base.PercentileRule;

/**
 * How long one load point runs: arrivals go on until both minimums are met, never past either
 * maximum. The minimums are also what makes a point valid ({@link Validity}), as in MLPerf LoadGen,
 * whose run continues until its minimum query count and minimum duration are both reached.
 *
 * @param minQueries arrivals a valid point needs
 * @param minNanos the span a valid point needs, from the first arrival to the last completion
 * @param maxQueries a cap on the arrivals
 * @param maxNanos a cap on the arrivals' span
 */
public record RunLength(long minQueries, long minNanos, long maxQueries, long maxNanos) {

    /**
     * The quick check's minimum queries: what the p99 needs by the percentile rule (10 beyond it,
     * 1,000), where a LoadGen Server submission asks 270,336.
     */
    public static final long MIN_QUERIES = PercentileRule.minSamples(99);

    /**
     * The quick check's minimum duration, 10 s: LoadGen's own default ({@code min_duration_ms} in
     * test_settings.h), where a submission (mlperf.conf) asks 600 s. Long enough for hundreds of
     * services at the rates a model reaches on 2 cores; a point of a few seconds sees little of the
     * arrival process's variance.
     */
    public static final long MIN_NANOS = 10_000_000_000L;

    public RunLength {
        Checks.atLeast("minimum queries", Math.min(minQueries, Integer.MAX_VALUE), 1);
        Checks.atLeast("maximum queries", Math.min(maxQueries, Integer.MAX_VALUE), 1);
        if (minNanos < 0 || maxNanos <= 0) {
            throw new IllegalArgumentException(
                    "durations must be positive: minimum " + minNanos + " ns, maximum " + maxNanos);
        }
    }
}
