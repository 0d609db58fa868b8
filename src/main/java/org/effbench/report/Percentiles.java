package org.effbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.effbench.base.PercentileRule;

/**
 * The percentiles results.csv writes, and which of them a row's sample count supports by {@link
 * PercentileRule}'s rule (at least 10 samples beyond a percentile). A percentile that fails the
 * rule is still written, listed in no {@code percentiles_valid} cell and named in the row's
 * warning, and kept out of verdicts.
 */
public final class Percentiles {

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
                                                && PercentileRule.supported((long) n, e.getKey()));
    }

    /** The percentiles (in percent) of {@link #COLUMNS} that {@code row} has a value for. */
    static List<Double> written(DerivedRow row) {
        return COLUMNS.entrySet().stream()
                .filter(e -> row.get(e.getValue()).isPresent())
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * The {@code percentiles_valid} cell for n samples: the names of the {@code written}
     * percentiles they support, or "none".
     */
    static String validCell(long n, List<Double> written) {
        List<String> valid = new ArrayList<>();
        written.stream()
                .filter(p -> PercentileRule.supported(n, p))
                .forEach(p -> valid.add(PercentileRule.name(p)));
        return valid.isEmpty() ? "none" : String.join(" ", valid);
    }

    /**
     * The warning for the {@code written} percentiles n samples do not support, naming each with
     * the count it needs; empty when all are supported.
     */
    static Optional<String> unsupportedWarning(long n, List<Double> written) {
        List<String> unsupported = new ArrayList<>();
        written.stream()
                .filter(p -> !PercentileRule.supported(n, p))
                .forEach(
                        p ->
                                unsupported.add(
                                        String.format(
                                                Locale.ROOT,
                                                "%s needs %,d",
                                                PercentileRule.name(p),
                                                PercentileRule.minSamples(p))));
        if (unsupported.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                String.format(
                        Locale.ROOT,
                        "percentiles not supported by %,d samples (written, not valid: at least %d"
                                + " samples must lie beyond a percentile): %s",
                        n,
                        PercentileRule.K,
                        String.join(", ", unsupported)));
    }
}
