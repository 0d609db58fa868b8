package org.effbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.effbench.base.Figures;
import org.effbench.base.PercentileRule;
import org.effbench.report.plot.ServeCharts;
import org.effbench.serve.Capacity;
import org.effbench.serve.ServeSetup;

/**
 * Serve runs as the charts take them: each layout's probed points, its capacity and Offline
 * throughput as one curve, with the bound. The one builder for the {@code serve} command's charts
 * of its run and the post-processor's per-model charts of a folder's serve files.
 */
public final class ServeChartData {

    private ServeChartData() {}

    /** The {@code serve} command's run, in memory: one curve. */
    public static ServeCharts.Run of(ServeSetup setup, Capacity.Outcome o) {
        ServeFile f = ServeFile.of(setup, o, Map.of());
        ServeFile.Layout l = f.layout();
        String batcher =
                l.maxBatch() == 1
                        ? "no batching"
                        : "max batch "
                                + l.maxBatch()
                                + ", max delay "
                                + Figures.threeDigits(l.maxDelayMs())
                                + " ms";
        return run(setup.text() + "; " + batcher + "; " + l.arrival() + " arrivals", List.of(f));
    }

    /**
     * Every serve file of one model (and one bound), a curve per file named by its layout (and its
     * launch set or arrivals where those differ); the subtitle says what they share.
     */
    public static ServeCharts.Run of(String model, List<ServeFile> files) {
        boolean launches = files.stream().map(ServeFile::launchSet).distinct().count() > 1;
        boolean arrivals = files.stream().map(f -> f.layout().arrival()).distinct().count() > 1;
        List<String> shared = new ArrayList<>(List.of(model));
        if (files.size() == 1) {
            shared.add(files.get(0).layout().text()); // one curve: no legend names it
        }
        if (!arrivals) {
            shared.add(files.get(0).layout().arrival() + " arrivals");
        }
        if (!launches && !files.get(0).launchSet().isEmpty()) {
            shared.add("launch " + files.get(0).launchSet());
        }
        List<String> labels = new ArrayList<>();
        for (ServeFile f : files) {
            String label = f.layout().text();
            if (arrivals) {
                label += ", " + f.layout().arrival();
            }
            if (launches && !f.launchSet().isEmpty()) {
                label += " [" + f.launchSet() + "]";
            }
            labels.add(label);
        }
        return run(String.join("; ", shared), files, labels);
    }

    private static ServeCharts.Run run(String subtitle, List<ServeFile> files) {
        return run(subtitle, files, files.stream().map(f -> f.layout().text()).toList());
    }

    private static ServeCharts.Run run(
            String subtitle, List<ServeFile> files, List<String> labels) {
        List<ServeCharts.Curve> curves = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            curves.add(curve(labels.get(i), files.get(i)));
        }
        ServeFile.Layout first = files.get(0).layout();
        return new ServeCharts.Run(
                subtitle, PercentileRule.name(first.boundPercentile()), first.boundMs(), curves);
    }

    /** One layout's points, in the order run (the chart sorts them by rate). */
    static ServeCharts.Curve curve(String label, ServeFile f) {
        List<ServeCharts.Point> points =
                f.points().stream()
                        .map(
                                p ->
                                        new ServeCharts.Point(
                                                p.offered(),
                                                p.achieved(),
                                                p.latency().percentile(50),
                                                p.latency().percentile(90),
                                                p.latency().percentile(99),
                                                p.valid(),
                                                p.stoppedEarly()))
                        .toList();
        // a single rate asked for is not a capacity
        double capacity = f.capacityRate();
        boolean valid = f.capacityPoint().map(ServeFile.Point::valid).orElse(false);
        double offline = f.offline().map(ServeFile.Point::achieved).orElse(Double.NaN);
        return new ServeCharts.Curve(label, points, capacity, valid, offline);
    }
}
