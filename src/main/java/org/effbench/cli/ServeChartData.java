package org.effbench.cli;

import java.util.List;
import org.effbench.base.PercentileRule;
import org.effbench.report.plot.ServeCharts;
import org.effbench.serve.Capacity;
import org.effbench.serve.PointResult;
import org.effbench.serve.ServeSettings;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.StopRule;
import org.effbench.serve.Validity;

/** A serve run's outcome as the charts take it: every probed point, the bound, the capacity. */
final class ServeChartData {

    private ServeChartData() {}

    static ServeCharts.Run of(ServeSetup setup, Capacity.Outcome o) {
        ServeSettings s = o.settings();
        List<ServeCharts.Point> points =
                o.points().stream()
                        .map(
                                p -> {
                                    PointResult r = p.result();
                                    return new ServeCharts.Point(
                                            r.rate(),
                                            r.achievedRate(),
                                            PointResult.millis(r.latency(), 50),
                                            PointResult.millis(r.latency(), 90),
                                            PointResult.millis(r.latency(), 99),
                                            p.judgement().valid(),
                                            r.stop() != StopRule.Stop.NONE);
                                })
                        .toList();
        double capacity = o.capacity().map(p -> p.result().rate()).orElse(Double.NaN);
        boolean capacityValid = o.capacity().map(p -> p.judgement().valid()).orElse(false);
        // a single rate asked for is not a capacity
        if (o.offline().isEmpty()) {
            capacity = Double.NaN;
        }
        double offline = o.offline().map(PointResult::achievedRate).orElse(Double.NaN);
        String batcher =
                s.policy().maxBatch() == 1
                        ? "no batching"
                        : "max batch "
                                + s.policy().maxBatch()
                                + ", max delay "
                                + Validity.ms(s.policy().maxDelayNanos());
        String subtitle = setup.text() + "; " + batcher + "; " + s.arrival().label() + " arrivals";
        return new ServeCharts.Run(
                subtitle,
                PercentileRule.name(ServeSettings.PERCENTILE),
                s.boundNanos() / 1e6,
                List.of(new ServeCharts.Curve("", points, capacity, capacityValid, offline)));
    }
}
