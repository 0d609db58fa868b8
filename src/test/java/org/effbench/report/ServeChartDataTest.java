package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.effbench.report.plot.ServeCharts;
import org.effbench.serve.Arrival;
import org.effbench.serve.BatchPolicy;
import org.effbench.serve.Capacity;
import org.effbench.serve.PointResult;
import org.effbench.serve.RunLength;
import org.effbench.serve.ServeSettings;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.Simulation;
import org.junit.jupiter.api.Test;

/**
 * A search on a simulated clock (one worker, 10 ms per request: Offline 100/s) as the charts take
 * it: every probe, in order of rate, with its figures, the bound, the capacity and the Offline
 * throughput.
 */
class ServeChartDataTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    static Capacity.Outcome search(OptionalDouble rate) {
        ServeSettings settings =
                new ServeSettings(
                        BatchPolicy.NONE,
                        Arrival.POISSON,
                        new RunLength(1000, 10 * S, 1_000_000, 600 * S),
                        50 * MS,
                        ServeSettings.SEED,
                        rate,
                        10 * S);
        return Capacity.run(
                new Simulation(1, Simulation.fixed(10 * MS)),
                settings,
                new Capacity.Listener() {
                    @Override
                    public void offline(PointResult offline) {}

                    @Override
                    public void point(int index, Capacity.Point point) {}
                });
    }

    @Test
    void everyProbeInOrderOfRateWithTheBoundAndTheCapacity() {
        Capacity.Outcome o = search(OptionalDouble.empty());
        ServeCharts.Run run = ServeChartData.of(new ServeSetup("sim", 1, 0), o);
        assertThat(run.boundMs()).isEqualTo(50);
        assertThat(run.boundName()).isEqualTo("p99");
        assertThat(run.subtitle()).isEqualTo("sim, 1 worker; no batching; poisson arrivals");
        ServeCharts.Curve curve = run.curves().get(0);
        assertThat(curve.points()).hasSize(o.points().size());
        assertThat(curve.points())
                .extracting(ServeCharts.Point::offered)
                .isSorted()
                .containsExactlyInAnyOrderElementsOf(
                        o.points().stream().map(p -> p.result().rate()).toList());
        Capacity.Point at = o.capacity().orElseThrow();
        assertThat(curve.capacity()).isEqualTo(at.result().rate());
        assertThat(curve.capacityValid()).isEqualTo(at.judgement().valid());
        assertThat(curve.offline()).isEqualTo(o.offline().orElseThrow().achievedRate());
        ServeCharts.Point charted =
                curve.points().stream()
                        .filter(p -> p.offered() == at.result().rate())
                        .findFirst()
                        .orElseThrow();
        assertThat(charted.p99()).isEqualTo(PointResult.millis(at.result().latency(), 99));
        assertThat(charted.achieved()).isEqualTo(at.result().achievedRate());
    }

    @Test
    void aSingleRateIsChartedWithoutACapacityOrOffline() {
        ServeCharts.Run run =
                ServeChartData.of(new ServeSetup("sim", 1, 0), search(OptionalDouble.of(50)));
        ServeCharts.Curve curve = run.curves().get(0);
        assertThat(curve.points()).extracting(ServeCharts.Point::offered).containsExactly(50.0);
        assertThat(curve.capacity()).isNaN();
        assertThat(curve.offline()).isNaN();
        assertThat(curve.points().get(0).valid()).isTrue();
    }
}
