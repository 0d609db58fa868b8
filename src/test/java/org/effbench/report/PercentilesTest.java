package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.util.MultisetStatistics;

/** The rule: percentile p is supported when at least 10 samples lie beyond it. */
class PercentilesTest {

    /** 10 / (1 - p/100), worked out by hand for each percentile results.csv writes. */
    @Test
    void theFewestSamplesEachPercentileNeeds() {
        assertThat(Percentiles.minSamples(50)).isEqualTo(20);
        assertThat(Percentiles.minSamples(90)).isEqualTo(100);
        assertThat(Percentiles.minSamples(95)).isEqualTo(200);
        assertThat(Percentiles.minSamples(99)).isEqualTo(1_000);
        assertThat(Percentiles.minSamples(99.9))
                .as("not 10,001 from 100 - 99.9 in binary")
                .isEqualTo(10_000);
        assertThat(Percentiles.minSamples(99.99)).isEqualTo(100_000);
        // 10 / 0.03 = 333.3: 334 samples leave 10.02 beyond p97
        assertThat(Percentiles.minSamples(97)).isEqualTo(334);
    }

    @Test
    void supportedAtTheThresholdAndNotOneSampleBelow() {
        assertThat(Percentiles.supported(1_000, 99)).isTrue();
        assertThat(Percentiles.supported(999, 99)).isFalse();
        assertThat(Percentiles.supported(10_000, 99.9)).isTrue();
        assertThat(Percentiles.supported(9_999, 99.9)).isFalse();
        assertThat(Percentiles.supported(20, 50)).isTrue();
        assertThat(Percentiles.supported(19, 50)).isFalse();
        assertThat(Percentiles.supported(0, 50)).isFalse();
    }

    @Test
    void theMaximumIsNoPercentileACountSupports() {
        assertThatThrownBy(() -> Percentiles.minSamples(100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentile 100.0 is not in [0, 100)");
    }

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
