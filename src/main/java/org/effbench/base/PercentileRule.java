package org.effbench.base;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one rule for which latency percentiles a sample count supports, used by results.csv's
 * percentile columns and verdict and by the serving load generator's validity alike.
 *
 * <p>The rule: percentile p (in percent) is supported by n samples when at least {@link #K} = 10 of
 * them lie beyond it, n x (1 - p/100) >= 10; so p50 needs 20 samples, p90 100, p95 200, p99 1,000
 * and p99.9 10,000. Below that the estimate is decided by a handful of the slowest calls (from 4
 * samples JMH's p99 and p99.9 are both the maximum). Its basis is MLPerf LoadGen's rule for tail
 * latency: LoadGen asks a minimum number of queries before it calls a percentile valid (fixed
 * counts derived from a binomial confidence bound in the MLPerf Inference paper, Reddi et al. 2020,
 * arXiv:1911.02549; since v1.1 its early-stopping floor: 64 queries for p90, 662 for p99 when no
 * query is over the bound); 10 beyond the percentile is the same order as that floor and needs no
 * latency bound.
 */
public final class PercentileRule {

    /** Samples that must lie beyond a percentile for it to be supported. */
    public static final int K = 10;

    private PercentileRule() {}

    /**
     * The fewest samples that support percentile {@code p} (in percent, 0 <= p < 100): the smallest
     * n with n x (1 - p/100) >= K, computed in decimals so that 99.9 needs exactly 10,000.
     */
    public static long minSamples(double p) {
        if (!(p >= 0 && p < 100)) {
            throw new IllegalArgumentException(
                    "percentile " + p + " is not in [0, 100): no sample count supports it");
        }
        BigDecimal tail = BigDecimal.valueOf(100).subtract(BigDecimal.valueOf(p));
        return BigDecimal.valueOf(K * 100L).divide(tail, 0, RoundingMode.CEILING).longValueExact();
    }

    /** Whether {@code n} samples support percentile {@code p} (in percent). */
    public static boolean supported(long n, double p) {
        return n >= minSamples(p);
    }

    /** {@code p99.9} for 99.9: a percentile as the cells, warnings and console name it. */
    public static String name(double p) {
        return "p" + BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }
}
