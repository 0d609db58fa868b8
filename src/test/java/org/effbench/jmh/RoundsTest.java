package org.effbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.effbench.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * A configuration measured in rounds, pooled: the mean of the rounds' means, an error that covers
 * the spread between them, percentiles over every round's values. Reference values of Student's t
 * are from a printed table (NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.2, "Critical
 * values of the Student's t distribution", upper tail 0.0005): 636.619 (1 degree of freedom),
 * 31.599 (2), 12.924 (3).
 */
class RoundsTest {

    private static Metric round(double mean, double error) {
        return new Metric(mean, error, "ms/op", Map.of());
    }

    @Test
    void theTQuantileIsTheTablesAtTwoSided999() {
        assertThat(Rounds.tQuantile(1)).isCloseTo(636.619, within(0.001));
        assertThat(Rounds.tQuantile(2)).isCloseTo(31.599, within(0.001));
        assertThat(Rounds.tQuantile(3)).isCloseTo(12.924, within(0.001));
    }

    /**
     * A fork that runs fast or slow (52 or 66 ms, as ResNet-50 batch 1 on 2 threads here), each
     * fork's own error small: four rounds 52, 66, 52, 66 ms, error 0.5 each. Mean 59; standard
     * deviation sqrt((4 x 49) / 3) = 8.0829; t half-width 12.924 x 8.0829 / 2 = 52.232 ms, against
     * the forks' own errors pooled, sqrt(4 x 0.25) / 4 = 0.25 ms.
     */
    @Test
    void aSpreadBetweenForksLargerThanTheirOwnErrorIsTheError() {
        Rounds.Pooled pooled =
                Rounds.poolMetric(
                        List.of(round(52, 0.5), round(66, 0.5), round(52, 0.5), round(66, 0.5)));
        assertThat(pooled.metric().score()).isCloseTo(59, within(1e-12));
        assertThat(pooled.withinError()).isCloseTo(0.25, within(1e-12));
        assertThat(pooled.spreadError()).isCloseTo(12.924 * 8.0829 / 2, within(0.01));
        assertThat(pooled.metric().error()).isEqualTo(pooled.spreadError());
        assertThat(pooled.metric().unit()).isEqualTo("ms/op");
    }

    /**
     * Rounds that agree: 10.0 and 10.1 ms, each ± 2: the spread's half-width 636.619 x 0.070711 /
     * 1.41421 = 31.83 ms would be wider still at two rounds; at three rounds 10.0, 10.1, 10.05 ± 2
     * the forks' own errors pooled, sqrt(3 x 4) / 3 = 1.1547, beat the spread's 31.599 x 0.05 /
     * 1.7321 = 0.912.
     */
    @Test
    void roundsThatAgreeKeepTheForksOwnErrorPooled() {
        Rounds.Pooled pooled =
                Rounds.poolMetric(List.of(round(10.0, 2), round(10.1, 2), round(10.05, 2)));
        assertThat(pooled.metric().score()).isCloseTo(10.05, within(1e-12));
        assertThat(pooled.withinError()).isCloseTo(Math.sqrt(12) / 3, within(1e-12));
        assertThat(pooled.spreadError()).isCloseTo(31.599 * 0.05 / Math.sqrt(3), within(1e-4));
        assertThat(pooled.metric().error()).isEqualTo(pooled.withinError());
        // one round: no spread to measure
        Rounds.Pooled one = Rounds.poolMetric(List.of(round(10.0, 2)));
        assertThat(one.spreadError()).isNaN();
        assertThat(one.metric().error()).isEqualTo(2.0);
    }

    /**
     * The percentiles come from the values as JMH computes its own: one real SampleTime round
     * pooled alone gives back the percentiles JMH wrote for it (JMH's figures as the reference).
     * Pooled with itself, every value counts twice and the rounds agree exactly: the count doubles,
     * the error is the forks' own pooled, e / root 2.
     */
    @Test
    void percentilesComeFromEveryRoundsValuesAsJmhComputesThem() throws IOException {
        BenchmarkResult mlp =
                JmhJson.parse("f", fixture("all-modes-2-callers.json")).results().get(4);
        Metric alone = Rounds.poolMetric(List.of(mlp.primary())).metric();
        assertThat(alone.percentiles().keySet()).isEqualTo(mlp.primary().percentiles().keySet());
        mlp.primary()
                .percentiles()
                .forEach(
                        (p, v) ->
                                assertThat(alone.percentile(p))
                                        .as("p%s", p)
                                        .isCloseTo(v, within(1e-9 * v)));
        BenchmarkResult pooled = Rounds.pool(List.of(mlp, mlp));
        Metric m = pooled.primary();
        assertThat(m.samples().orElseThrow().n()).isEqualTo(2 * 4964);
        assertThat(m.score()).isEqualTo(mlp.primary().score());
        assertThat(m.percentile(50.0)).isEqualTo(mlp.primary().percentile(50.0));
        assertThat(m.error()).isCloseTo(mlp.primary().error() / Math.sqrt(2), within(1e-12));
        assertThat(pooled.forks()).isEqualTo(2 * mlp.forks());
    }

    /** Two rounds of hand-made values: 1, 2, 3 ms and 5, 5 ms: the median of all five is 3. */
    @Test
    void theRoundsValuesArePooledNotTheirPercentiles() {
        Metric a = new Metric(2, 1, "ms/op", Map.of(50.0, 2.0), Optional.empty(), values(1, 2, 3));
        Metric b = new Metric(5, 0, "ms/op", Map.of(50.0, 5.0), Optional.empty(), values(5, 5));
        Metric pooled = Rounds.poolMetric(List.of(a, b)).metric();
        assertThat(pooled.percentile(50.0)).isEqualTo(3.0);
        assertThat(pooled.score()).isEqualTo(3.5); // the rounds' means, each counted once
        assertThat(pooled.samples().orElseThrow().n()).isEqualTo(5);
        assertThat(pooled.samples().orElseThrow().mean()).isCloseTo(16 / 5.0, within(1e-12));
    }

    /**
     * Rounds without their values (a peer's CSV): no percentile, and the count, mean and standard
     * deviation of all values from each round's own: rounds of n 2, mean 1, sd 0 and n 2, mean 3,
     * sd 0 are the values 1, 1, 3, 3: mean 2, sd sqrt(4 / 3).
     */
    @Test
    void withoutValuesTheStatisticsAreCombinedAndNoPercentileIsGiven() {
        Metric a =
                new Metric(
                        1,
                        0.1,
                        "ms/op",
                        Map.of(50.0, 1.0),
                        Optional.of(new SampleStats(2, 1, 1, 1, 0)));
        Metric b =
                new Metric(
                        3,
                        0.1,
                        "ms/op",
                        Map.of(50.0, 3.0),
                        Optional.of(new SampleStats(2, 3, 3, 3, 0)));
        Metric pooled = Rounds.poolMetric(List.of(a, b)).metric();
        assertThat(pooled.percentiles()).isEmpty();
        SampleStats s = pooled.samples().orElseThrow();
        assertThat(s.n()).isEqualTo(4);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(3);
        assertThat(s.mean()).isEqualTo(2);
        assertThat(s.stdev()).isCloseTo(Math.sqrt(4 / 3.0), within(1e-12));
    }

    @Test
    void roundsOfDifferentConfigurationsOrUnitsAreRefused() throws IOException {
        List<BenchmarkResult> all =
                JmhJson.parse("f", fixture("all-modes-2-callers.json")).results();
        assertThatThrownBy(() -> Rounds.pool(List.of(all.get(4), all.get(5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rounds of different configurations");
        assertThatThrownBy(
                        () ->
                                Rounds.poolMetric(
                                        List.of(round(1, 0), new Metric(1, 0, "us/op", Map.of()))))
                .hasMessage("rounds in different units: [ms/op, us/op]");
    }

    private static TreeMap<Double, Long> values(double... values) {
        TreeMap<Double, Long> counts = new TreeMap<>();
        for (double v : values) {
            counts.merge(v, 1L, Long::sum);
        }
        return counts;
    }

    private static String fixture(String name) throws IOException {
        return Fixtures.jmh(name);
    }
}
