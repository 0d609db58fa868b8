package org.effbench.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule for which latency percentiles a sample count supports, and the percentiles
 * results.csv writes.
 *
 * <p>The rule: percentile p (in percent) is supported by n samples when at least {@link #K} = 10 of
 * them lie beyond it, n x (1 - p/100) >= 10; so p50 needs 20 samples, p90 100, p95 200, p99 1,000
 * and p99.9 10,000. Below that the estimate is decided by a handful of the slowest calls (from 4
 * samples JMH's p99 and p99.9 are both the maximum). Its basis is MLPerf LoadGen's rule for tail
 * latency: LoadGen asks a minimum number of queries before it calls a percentile valid (fixed
 * counts derived from a binomial confidence bound in the MLPerf Inference paper, Reddi et al. 2020,
 * arXiv:1911.02549; since v1.1 its early-stopping floor: 64 queries for p90, 662 for p99 when no
 * query is over the bound); 10 beyond the percentile is the same order as that floor and needs no
 * latency bound. A percentile that fails the rule is still written, listed in no {@code
 * percentiles_valid} cell and named in the row's warning, and kept out of verdicts.
 */
public final class Percentiles {

    /** Samples that must lie beyond a percentile for it to be supported. */
    public static final int K = 10;

    /** The percentiles results.csv writes (in percent) and their columns, in column order. */
    public static final Map<Double, Column> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put(50.0, Column.LATENCY_MS_P50);
        COLUMNS.put(90.0, Column.LATENCY_MS_P90);
        COLUMNS.put(95.0, Column.LATENCY_MS_P95);
        COLUMNS.put(99.0, Column.LATENCY_MS_P99);
        COLUMNS.put(99.9, Column.LATENCY_MS_P999);
    }

    private Percentiles() {}

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

    /**
     * Whether {@code column}'s percentile on {@code row} is supported by the row's {@code
     * latency_n}; false for a row without a sample count (nothing says it is supported) and for a
     * column that is not one of {@link #COLUMNS}.
     */
    public static boolean supported(DerivedRow row, Column column) {
        double n = row.number(Column.LATENCY_N);
        return row.get(column).isPresent()
                && COLUMNS.entrySet().stream()
                        .anyMatch(
                                e ->
                                        e.getValue() == column
                                                && !Double.isNaN(n)
                                                && supported((long) n, e.getKey()));
    }

    /** The percentiles (in percent) of {@link #COLUMNS} that {@code row} has a value for. */
    static List<Double> written(DerivedRow row) {
        return COLUMNS.entrySet().stream()
                .filter(e -> row.get(e.getValue()).isPresent())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** {@code p99.9} for 99.9: a percentile as the cells and warnings name it. */
    public static String name(double p) {
        return "p" + BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }

    /**
     * The {@code percentiles_valid} cell for n samples: the names of the {@code written}
     * percentiles they support, or "none".
     */
    static String validCell(long n, List<Double> written) {
        List<String> valid = new ArrayList<>();
        written.stream().filter(p -> supported(n, p)).forEach(p -> valid.add(name(p)));
        return valid.isEmpty() ? "none" : String.join(" ", valid);
    }

    /**
     * The warning for the {@code written} percentiles n samples do not support, naming each with
     * the count it needs; empty when all are supported.
     */
    static Optional<String> unsupportedWarning(long n, List<Double> written) {
        List<String> unsupported = new ArrayList<>();
        written.stream()
                .filter(p -> !supported(n, p))
                .forEach(
                        p ->
                                unsupported.add(
                                        String.format(
                                                Locale.ROOT,
                                                "%s needs %,d",
                                                name(p),
                                                minSamples(p))));
        if (unsupported.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                String.format(
                        Locale.ROOT,
                        "percentiles not supported by %,d samples (written, not valid: at least %d"
                                + " samples must lie beyond a percentile): %s",
                        n,
                        K,
                        String.join(", ", unsupported)));
    }
}
