package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.effbench.report.ServeFixtures.MS;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.effbench.base.PercentileRule;
import org.effbench.energy.GridIntensity;
import org.effbench.serve.BatchPolicy;
import org.effbench.serve.Capacity;
import org.effbench.serve.PointResult;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.Simulation;
import org.junit.jupiter.api.Test;

/**
 * The rows of a capacity search on the simulated clock: mlp served by one worker with one thread,
 * 10 ms per request whatever the load, bound p99 <= 50 ms, on the hand-made 2-core machine at 4 W
 * per busy core. Every figure follows from the run's own points or from those service times.
 */
class ServeRowsTest {

    static final ServeSetup SETUP = new ServeSetup("mlp", 1, 1);
    static final Capacity.Outcome SEARCH =
            ServeFixtures.run(
                    1,
                    Simulation.fixed(10 * MS),
                    BatchPolicy.NONE,
                    50 * MS,
                    OptionalDouble.empty());
    static final List<DerivedRow> ROWS = ServeFixtures.derive(SETUP, SEARCH);

    @Test
    void oneRowForTheOfflineRunThenOnePerPointTheCapacityMarked() {
        assertThat(ROWS).hasSize(1 + SEARCH.points().size());
        assertThat(ROWS.get(0).text(Column.SERVE_POINT)).isEqualTo("offline");
        int at = SEARCH.points().indexOf(SEARCH.capacity().orElseThrow());
        for (int i = 0; i < SEARCH.points().size(); i++) {
            assertThat(ROWS.get(i + 1).text(Column.SERVE_POINT))
                    .isEqualTo(i == at ? "capacity" : "probe");
            assertThat(ROWS.get(i + 1).number(Column.OFFERED_RATE_PER_S))
                    .isEqualTo(SEARCH.points().get(i).result().rate());
        }
        double capacity = SEARCH.capacity().orElseThrow().result().rate();
        for (DerivedRow r : ROWS) {
            assertThat(r.text(Column.BENCHMARK)).isEqualTo("serve");
            assertThat(r.get(Column.JMH_MODE)).isEmpty();
            assertThat(r.text(Column.MODEL)).isEqualTo("mlp");
            assertThat(r.number(Column.CALLERS)).as("workers").isEqualTo(1);
            assertThat(r.number(Column.INTRA_OP_THREADS)).isEqualTo(1);
            assertThat(r.number(Column.BATCH_SIZE)).as("max batch").isEqualTo(1);
            assertThat(r.number(Column.LATENCY_BOUND_MS)).isEqualTo(50);
            assertThat(r.number(Column.CAPACITY_PER_S)).isEqualTo(capacity);
            assertThat(r.text(Column.ARRIVAL)).isEqualTo("poisson");
            assertThat(r.number(Column.MAX_DELAY_MS)).isEqualTo(0);
        }
    }

    @Test
    void aPointsRowCarriesItsDistributionsAndJudgement() {
        for (int i = 0; i < SEARCH.points().size(); i++) {
            Capacity.Point p = SEARCH.points().get(i);
            PointResult r = p.result();
            DerivedRow row = ROWS.get(i + 1);
            assertThat(row.number(Column.LATENCY_N)).isEqualTo(r.completed());
            assertThat(row.number(Column.LATENCY_MS_P99))
                    .isEqualTo(PointResult.millis(r.latency(), 99));
            assertThat(row.number(Column.LATENCY_MS_P95))
                    .isEqualTo(PointResult.millis(r.latency(), 95));
            assertThat(row.number(Column.LATENCY_MS_MEAN)).isEqualTo(r.latency().getMean() / 1e6);
            assertThat(row.number(Column.LATENCY_MS_MIN))
                    .isEqualTo(r.latency().getMinValue() / 1e6);
            assertThat(row.number(Column.QUEUE_MS_P99))
                    .isEqualTo(PointResult.millis(r.queue(), 99));
            assertThat(row.number(Column.SERVICE_MS_MEAN)).isCloseTo(10, within(0.01));
            assertThat(row.number(Column.MEAN_BATCH)).isEqualTo(1);
            assertThat(row.number(Column.THROUGHPUT_SAMPLES_PER_S)).isEqualTo(r.achievedRate());
            assertThat(row.text(Column.MEETS_BOUND))
                    .isEqualTo(Boolean.toString(p.judgement().meetsBound()));
            assertThat(row.text(Column.LOAD_VALID))
                    .isEqualTo(Boolean.toString(p.judgement().valid()));
            if (!p.judgement().valid()) {
                assertThat(row.warnings())
                        .contains("not valid: " + String.join("; ", p.judgement().reasons()));
            }
            // the percentile rule on the served count
            String expected =
                    PercentileRule.supported(r.completed(), 99.9)
                            ? "p50 p90 p95 p99 p99.9"
                            : PercentileRule.supported(r.completed(), 99)
                                    ? "p50 p90 p95 p99"
                                    : null;
            if (expected != null) {
                assertThat(row.text(Column.PERCENTILES_VALID)).isEqualTo(expected);
            }
        }
        DerivedRow capacity =
                ROWS.stream()
                        .filter(r -> r.text(Column.SERVE_POINT).equals("capacity"))
                        .findFirst()
                        .orElseThrow();
        assertThat(capacity.text(Column.LOAD_VALID)).isEqualTo("true");
        assertThat(capacity.number(Column.LATENCY_MS_P99)).isLessThanOrEqualTo(50);
    }

    @Test
    void theOfflineRowHasTheThroughputAndNoLatency() {
        DerivedRow offline = ROWS.get(0);
        PointResult r = SEARCH.offline().orElseThrow();
        // one worker at 10 ms per request: 100 requests/s
        assertThat(offline.number(Column.THROUGHPUT_SAMPLES_PER_S))
                .isEqualTo(r.achievedRate())
                .isCloseTo(100, within(0.1));
        assertThat(offline.get(Column.OFFERED_RATE_PER_S)).isEmpty();
        assertThat(offline.get(Column.LATENCY_MS_P99)).isEmpty();
        assertThat(offline.get(Column.LATENCY_N)).isEmpty();
        assertThat(offline.get(Column.LOAD_VALID)).isEmpty();
        assertThat(offline.warnings())
                .anyMatch(w -> w.startsWith("offline point: every request was queued"));
    }

    /**
     * mlp: 2 x 668,672 FLOPs per request; 1 worker x 1 thread keeps one core busy: the 1-thread FMA
     * peak (120 GFLOP/s) and GEMM ceiling (100).
     */
    @Test
    void flopsAndPeakAsForAJmhRowAtTheCoresTheWorkersUse() {
        for (DerivedRow row : ROWS) {
            double achieved = 2 * 668_672 * row.number(Column.THROUGHPUT_SAMPLES_PER_S) / 1e9;
            assertThat(row.number(Column.MACS_PER_SAMPLE)).isEqualTo(668_672);
            assertThat(row.number(Column.ACHIEVED_GFLOPS)).isCloseTo(achieved, within(1e-12));
            assertThat(row.number(Column.PEAK_GFLOPS_MACHINE)).isEqualTo(120);
            assertThat(row.number(Column.PCT_OF_PEAK))
                    .isCloseTo(100 * achieved / 120, within(1e-9));
            assertThat(row.number(Column.PCT_OF_GEMM_CEILING))
                    .isCloseTo(100 * achieved / 100, within(1e-9));
            assertThat(row.text(Column.DTYPE)).isEqualTo("fp32");
        }
    }

    /**
     * The energy of a request is the core's power for its service time, 4 W x 10 ms = 40 mJ, at
     * every load: the idle time between requests at a low rate is not charged to them (power x wall
     * time / served would be 4 / rate J, twice as much at half the Offline rate).
     */
    @Test
    void energyPerRequestComesFromBusyTimeNotWallTime() {
        for (DerivedRow row : ROWS) {
            assertThat(row.number(Column.SERVICE_MS_PER_SAMPLE)).isCloseTo(10, within(0.01));
            assertThat(row.number(Column.ENERGY_J_PER_SAMPLE))
                    .as(row.text(Column.SERVE_POINT) + " " + row.text(Column.OFFERED_RATE_PER_S))
                    .isCloseTo(0.04, within(0.04e-3));
            assertThat(row.text(Column.ENERGY_SOURCE))
                    .startsWith("estimated from busy time: 4.00 W/core x 1 core per worker x ")
                    .endsWith("(--watts-per-core 4, given)");
            assertThat(row.number(Column.CO2_G_PER_1000_SAMPLES))
                    .isEqualTo(
                            GridIntensity.DEFAULT.gramsPer1000Samples(
                                    row.number(Column.ENERGY_J_PER_SAMPLE)));
        }
        DerivedRow low =
                ROWS.stream()
                        .filter(r -> r.number(Column.OFFERED_RATE_PER_S) < 60)
                        .findFirst()
                        .orElseThrow();
        assertThat(4.0 / low.number(Column.THROUGHPUT_SAMPLES_PER_S))
                .as("what wall time would charge")
                .isGreaterThan(0.06);
    }

    /**
     * 2 workers x 2 threads on 2 cores: both workers busy through the Offline run add up to 4
     * core-seconds per second of a 2-core machine; the energy is charged for the 2 cores over the
     * run, and the row says why.
     */
    @Test
    void busyTimeBeyondTheCoresIsCappedAtEveryCoreForThePoint() {
        List<DerivedRow> rows =
                ServeFixtures.derive(
                        new ServeSetup("mlp", 2, 2),
                        ServeFixtures.run(
                                2,
                                Simulation.fixed(10 * MS),
                                BatchPolicy.NONE,
                                50 * MS,
                                OptionalDouble.empty()));
        DerivedRow offline = rows.get(0);
        // 4 W x 2 cores / (2 workers / 10 ms = 200 requests/s)
        assertThat(offline.number(Column.ENERGY_J_PER_SAMPLE)).isCloseTo(0.04, within(0.04e-3));
        assertThat(offline.text(Column.ENERGY_SOURCE)).contains("2 cores x the point's");
        assertThat(offline.warnings()).anyMatch(w -> w.contains("the workers waited for cores"));
    }

    @Test
    void aSingleRateIsAProbeWithoutACapacity() {
        List<DerivedRow> rows =
                ServeFixtures.derive(
                        SETUP,
                        ServeFixtures.run(
                                1,
                                Simulation.fixed(10 * MS),
                                BatchPolicy.NONE,
                                50 * MS,
                                OptionalDouble.of(50)));
        assertThat(rows).singleElement();
        DerivedRow r = rows.get(0);
        assertThat(r.text(Column.SERVE_POINT)).isEqualTo("probe");
        assertThat(r.get(Column.CAPACITY_PER_S)).isEmpty();
        assertThat(r.warnings()).contains("one rate asked (--rate): no capacity searched");
    }

    /**
     * Every row of a folder is one configuration: layouts differing in a batcher setting are apart,
     * probes by their rate; a capacity row is the layout's whatever rate the search stopped at.
     */
    @Test
    void theIdentityTellsLayoutsPointsAndRatesApart() {
        List<DerivedRow> delayed =
                ServeFixtures.derive(
                        SETUP,
                        ServeFixtures.run(
                                1,
                                Simulation.fixed(10 * MS),
                                new BatchPolicy(1, 2 * MS),
                                50 * MS,
                                OptionalDouble.empty()));
        Set<ConfigId> ids = new HashSet<>();
        for (DerivedRow r : ROWS) {
            assertThat(ids.add(ConfigId.of(r))).as(ConfigId.of(r).text()).isTrue();
        }
        for (DerivedRow r : delayed) {
            assertThat(ids.add(ConfigId.of(r))).as(ConfigId.of(r).text()).isTrue();
        }
        DerivedRow capacity =
                ROWS.stream()
                        .filter(r -> r.text(Column.SERVE_POINT).equals("capacity"))
                        .findFirst()
                        .orElseThrow();
        assertThat(ConfigId.of(capacity).params())
                .containsEntry("serve_point", "capacity")
                .containsEntry("workers", "1")
                .containsEntry("max_delay_ms", "0")
                .doesNotContainKey("offered_rate_per_s");
        assertThat(ServeRows.layout(capacity))
                .isEqualTo(new ServeFile.Layout(1, 1, 1, 0, "poisson", 99, 50));
        assertThat(ServeRows.layoutId(capacity)).isEqualTo(ServeRows.layoutId(ROWS.get(2)));
        assertThat(ServeRows.layoutId(capacity)).isNotEqualTo(ServeRows.layoutId(delayed.get(0)));
    }

    @Test
    void launchSettingsAreWrittenAsALaunchSetsAre() {
        assertThat(ServeRows.launchSettings(Map.of("mklOnAmd", "auto", "allocator", "tcmalloc")))
                .isEqualTo("allocator=tcmalloc; mklOnAmd=auto");
    }
}
