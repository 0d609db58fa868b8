package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.effbench.report.ServeFixtures.MS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.effbench.Fixtures;
import org.effbench.energy.EnergyTable;
import org.effbench.jmh.JmhJson;
import org.effbench.report.plot.Charts;
import org.effbench.serve.BatchPolicy;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.Simulation;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serve rows beside JMH rows change nothing that reads JMH rows: the latency and throughput
 * verdict, the charts against batch size, the trade-off and the roofline, and the peer comparison;
 * compare matches a layout's capacity and Offline rows across runs and leaves its probes out; merge
 * keeps every serve row of a run as its own configuration.
 */
class ServeRowsConsumersTest {

    @TempDir Path dir;

    /** The golden run's JMH rows (mlp, batch 2, 2 callers, four modes; ceilings; peers). */
    static List<DerivedRow> jmh() throws Exception {
        return new Deriver(
                        "run-1",
                        Optional.of(Fixtures.MACHINE),
                        (model, input, batch) ->
                                model.equals("mlp")
                                        ? Optional.of(ServeFixtures.MLP)
                                        : Optional.empty(),
                        Fixtures.ENERGY,
                        EnergyTable.horowitz45nm())
                .derive(JmhJson.parse("f", Fixtures.jmh("all-modes-2-callers.json")).results());
    }

    /** mlp served by one worker at a fixed service time per request, bound p99 <= 50 ms. */
    static List<DerivedRow> serve(long serviceNanos) {
        return ServeFixtures.derive(
                new ServeSetup("mlp", 1, 1),
                ServeFixtures.run(
                        1,
                        Simulation.fixed(serviceNanos),
                        BatchPolicy.NONE,
                        50 * MS,
                        OptionalDouble.empty()));
    }

    @Test
    void theJmhVerdictAndChartsAreTheSameWithServeRowsBeside() throws Exception {
        List<DerivedRow> jmh = jmh();
        List<DerivedRow> both = new ArrayList<>(jmh);
        // a throughput above every JMH row's: it would win the throughput pick if it took part
        List<DerivedRow> served = serve(10 * MS);
        served.forEach(r -> r.put(Column.THROUGHPUT_SAMPLES_PER_S, 1e9));
        both.addAll(served);
        Verdict.ModelVerdict alone = Verdict.of(jmh, Optional.of(Fixtures.MACHINE)).models().get(0);
        Verdict.ModelVerdict beside =
                Verdict.of(both, Optional.of(Fixtures.MACHINE)).models().get(0);
        assertThat(beside.throughput().orElseThrow().best().row())
                .isSameAs(alone.throughput().orElseThrow().best().row());
        assertThat(beside.throughput().orElseThrow().runnerUp())
                .isEqualTo(alone.throughput().orElseThrow().runnerUp());
        assertThat(beside.latency()).isEqualTo(alone.latency());
        assertThat(beside.warnings()).isEqualTo(alone.warnings());
        assertThat(beside.serving()).hasSize(1);
        assertThat(alone.serving()).isEmpty();

        assertThat(series(Charts.latencyVsBatch(both).getXYPlot().getDataset()))
                .isEqualTo(series(Charts.latencyVsBatch(jmh).getXYPlot().getDataset()));
        assertThat(series(Charts.throughputVsBatch(both).getXYPlot().getDataset()))
                .isEqualTo(series(Charts.throughputVsBatch(jmh).getXYPlot().getDataset()));
        assertThat(series(Charts.latencyThroughputTradeoff(both).getXYPlot().getDataset()))
                .isEqualTo(series(Charts.latencyThroughputTradeoff(jmh).getXYPlot().getDataset()));
        assertThat(series(Charts.roofline(both, Fixtures.MACHINE).getXYPlot().getDataset()))
                .isEqualTo(series(Charts.roofline(jmh, Fixtures.MACHINE).getXYPlot().getDataset()));
        assertThat(PeerComparison.lines(both)).isEqualTo(PeerComparison.lines(jmh));
    }

    /** Every series' name and points, to compare two charts' data. */
    private static List<String> series(XYDataset data) {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            StringBuilder b = new StringBuilder(data.getSeriesKey(s).toString());
            for (int i = 0; i < data.getItemCount(s); i++) {
                b.append(' ').append(data.getXValue(s, i)).append(',').append(data.getYValue(s, i));
            }
            out.add(b.toString());
        }
        return out;
    }

    /**
     * 10 ms per request, then 12.5: the Offline throughput falls from 100/s to 80/s, 1.25x; the
     * capacity falls too; both are the runs' only matched lines, the probes left out.
     */
    @Test
    void compareMatchesTheCapacityAndOfflineRowsOfALayout() throws Exception {
        Path base = dir.resolve("base.csv");
        Path candidate = dir.resolve("candidate.csv");
        List<DerivedRow> before = serve(10 * MS);
        List<DerivedRow> after = serve(12_500_000);
        Files.writeString(base, ResultsCsv.write(before));
        Files.writeString(candidate, ResultsCsv.write(after));

        Comparison.Outcome o = Comparison.compare(base, candidate, 0.05, false);

        assertThat(o.lines())
                .extracting(Comparison.Line::metric)
                .containsExactly("throughput_samples_per_s", "capacity_per_s");
        Comparison.Line offline = o.lines().get(0);
        assertThat(offline.ratio()).isCloseTo(0.8, within(0.001));
        assertThat(offline.verdict()).isEqualTo(Comparison.Verdict.REGRESSION);
        Comparison.Line capacity = o.lines().get(1);
        assertThat(capacity.base()).isEqualTo(before.get(0).number(Column.CAPACITY_PER_S));
        assertThat(capacity.candidate()).isEqualTo(after.get(0).number(Column.CAPACITY_PER_S));
        assertThat(capacity.verdict()).isEqualTo(Comparison.Verdict.REGRESSION);
        assertThat(o.onlyInBase()).isEmpty();
        assertThat(o.onlyInCandidate()).isEmpty();
        assertThat(o.regressions()).isEqualTo(2);
    }

    @Test
    void mergeKeepsEveryServeRowOfARunAsItsOwnConfiguration() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        List<DerivedRow> rows = new ArrayList<>(jmh());
        rows.addAll(serve(10 * MS));
        Files.writeString(run.resolve(ResultsCsv.FILE), ResultsCsv.write(rows));

        ResultsMerge.Outcome o = ResultsMerge.write(List.of(run), dir.resolve("merged"), false);

        assertThat(o.rows()).isEqualTo(rows.size());
        assertThat(o.measuredTwice()).isEmpty();
    }
}
