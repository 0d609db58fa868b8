package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.util.MultisetStatistics;

/** Which percentiles a row writes and its count supports, in cells and warnings. */
class PercentilesTest {

    @Test
    void cellsAndWarningsNameThePercentiles() {
        List<Double> all = List.of(50.0, 90.0, 95.0, 99.0, 99.9);
        assertThat(Percentiles.validCell(4_964, all)).isEqualTo("p50 p90 p95 p99");
        assertThat(Percentiles.validCell(10_000, all)).isEqualTo("p50 p90 p95 p99 p99.9");
        assertThat(Percentiles.validCell(10_000, List.of(50.0, 99.0)))
                .as("only the percentiles written")
                .isEqualTo("p50 p99");
        assertThat(Percentiles.validCell(19, all)).isEqualTo("none");
        assertThat(Percentiles.unsupportedWarning(10_000, all)).isEmpty();
        assertThat(Percentiles.unsupportedWarning(150, all))
                .hasValue(
                        "percentiles not supported by 150 samples (written, not valid: at least 10"
                                + " samples must lie beyond a percentile): p95 needs 200, p99 needs"
                                + " 1,000, p99.9 needs 10,000");
    }

    @Test
    void aRowsPercentileIsSupportedByItsOwnCount() {
        DerivedRow row =
                new DerivedRow()
                        .put(Column.LATENCY_N, 1_000L)
                        .put(Column.LATENCY_MS_P90, 1.0)
                        .put(Column.LATENCY_MS_P99, 2.0)
                        .put(Column.LATENCY_MS_P999, 3.0);
        assertThat(Percentiles.supported(row, Column.LATENCY_MS_P99)).isTrue();
        assertThat(Percentiles.supported(row, Column.LATENCY_MS_P999)).isFalse();
        assertThat(Percentiles.supported(row, Column.LATENCY_MS_P95))
                .as("supported by the count, but no value")
                .isFalse();
        assertThat(Percentiles.supported(row, Column.LATENCY_MS_MEAN))
                .as("not a percentile")
                .isFalse();
        assertThat(Percentiles.supported(new DerivedRow(), Column.LATENCY_MS_P50))
                .as("no count: nothing says it is supported")
                .isFalse();
    }

    /**
     * The definition the Python peer copies: JMH interpolates at rank p/100 x (n + 1). For 1..10,
     * p90 is at rank 9.9: 9 + 0.9 x (10 - 9) = 9.9; p50 at rank 5.5: 5.5; p5 at rank 0.55, below
     * the first: 1; p99 at rank 10.89, beyond the last: 10.
     */
    @Test
    void jmhsPercentileIsHyndmanAndFanType6() {
        MultisetStatistics s = new MultisetStatistics();
        for (int v = 1; v <= 10; v++) {
            s.addValue(v, 1);
        }
        assertThat(s.getPercentile(90)).isCloseTo(9.9, within(1e-12));
        assertThat(s.getPercentile(50)).isCloseTo(5.5, within(1e-12));
        assertThat(s.getPercentile(5)).isEqualTo(1.0);
        assertThat(s.getPercentile(99)).isEqualTo(10.0);
    }
}
