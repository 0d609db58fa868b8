package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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

    /**
     * A folder's serve files of one model: a curve per layout named by it, the launch sets in the
     * names where they differ; one file alone has its layout in the subtitle.
     */
    @Test
    void aModelsFilesAreACurvePerLayout() {
        ServeFile unbatched =
                ServeFile.of(new ServeSetup("mlp", 1, 1), search(OptionalDouble.empty()), Map.of());
        ServeFile other =
                new ServeFile(
                        "serve-b.json",
                        "mlp",
                        "",
                        "b",
                        "jdk25",
                        new ServeFile.Layout(2, 1, 8, 20, "poisson", 99, 50),
                        Map.of(),
                        1000,
                        10,
                        unbatched.offline(),
                        unbatched.points(),
                        unbatched.capacity(),
                        unbatched.lowestFailing(),
                        List.of());

        ServeCharts.Run two = ServeChartData.of("mlp", List.of(unbatched, other));

        assertThat(two.subtitle()).isEqualTo("mlp; poisson arrivals");
        assertThat(two.curves())
                .extracting(ServeCharts.Curve::label)
                .containsExactly(
                        "1 worker x 1 thread, no batching",
                        "2 workers x 1 thread, batches <= 8 after 20.0 ms [jdk25]");
        assertThat(two.curves().get(1).capacity()).isEqualTo(unbatched.capacityRate());
        assertThat(ServeChartData.of("mlp", List.of(unbatched)).subtitle())
                .isEqualTo("mlp; 1 worker x 1 thread, no batching; poisson arrivals");
    }
}
