package org.effbench.report.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.effbench.machine.Ceiling;
import org.effbench.machine.MachineProfile;
import org.effbench.metrics.LayerMacs;
import org.effbench.report.Column;
import org.effbench.report.DerivedRow;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts of a run, each from the rows it needs. */
public final class Charts {

    /** Log axes label their ticks as plain numbers, not powers. */
    private static final NumberFormat PLAIN =
            new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));

    /** Distinguishable on white, in print and for most colour vision (Okabe-Ito). */
    private static final Color[] PALETTE = {
        new Color(0, 114, 178),
        new Color(213, 94, 0),
        new Color(0, 158, 115),
        new Color(204, 121, 167),
        new Color(86, 180, 233),
        new Color(230, 159, 0),
        new Color(0, 0, 0),
        new Color(240, 228, 66)
    };

    private Charts() {}

    /** Mean latency of a batch against batch size, a line per (model, threads, callers). */
    public static JFreeChart latencyVsBatch(List<DerivedRow> rows) {
        return versusBatch(
                rows,
                "sample",
                Column.LATENCY_MS_MEAN,
                "Latency per batch (mean, SampleTime)",
                "latency per batch (ms)",
                "latency vs batch: no SampleTime row of a model benchmark");
    }

    /**
     * Samples per second against batch size, a line per (model, threads, callers): measured
     * (Throughput mode) where the run has it, else derived from SampleTime, as the title says.
     */
    public static JFreeChart throughputVsBatch(List<DerivedRow> rows) {
        boolean measured =
                rows.stream().anyMatch(r -> isModel(r) && r.text(Column.JMH_MODE).equals("thrpt"));
        return versusBatch(
                rows,
                measured ? "thrpt" : "sample",
                Column.THROUGHPUT_SAMPLES_PER_S,
                measured
                        ? "Throughput (Throughput mode)"
                        : "Throughput (derived: callers x batch / mean latency)",
                "samples / s",
                "throughput vs batch: no Throughput or SampleTime row of a model benchmark");
    }

    private static JFreeChart versusBatch(
            List<DerivedRow> rows,
            String mode,
            Column y,
            String title,
            String yLabel,
            String emptyMessage) {
        XYSeriesCollection data =
                seriesByConfiguration(
                        rows, r -> r.text(Column.JMH_MODE).equals(mode), Column.BATCH_SIZE, y);
        return logAxes(
                ChartFactory.createXYLineChart(
                        title, "batch size", yLabel, require(data, emptyMessage)),
                true,
                true);
    }

    /**
     * Every configuration as a point: median latency of a batch (SampleTime) against samples/s of
     * the same configuration (its Throughput row where measured, else derived from the latency).
     * Low latency sits left, high throughput high: a model's best point for one goal is rarely its
     * best for the other.
     */
    public static JFreeChart latencyThroughputTradeoff(List<DerivedRow> rows) {
        Map<String, DerivedRow> latency = new LinkedHashMap<>();
        rows.stream()
                .filter(r -> isModel(r) && r.text(Column.JMH_MODE).equals("sample"))
                .forEach(r -> latency.put(configuration(r), r));
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> byModel = new LinkedHashMap<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        Map<String, DerivedRow> throughput = new LinkedHashMap<>(latency);
        rows.stream()
                .filter(r -> isModel(r) && r.text(Column.JMH_MODE).equals("thrpt"))
                .forEach(r -> throughput.put(configuration(r), r));
        for (DerivedRow r : throughput.values()) {
            DerivedRow l = latency.get(configuration(r));
            if (l != null
                    && l.number(Column.LATENCY_MS_P50) > 0
                    && r.number(Column.THROUGHPUT_SAMPLES_PER_S) > 0) {
                String model = r.text(Column.MODEL);
                byModel.computeIfAbsent(model, m -> new XYSeries(m, false))
                        .add(
                                l.number(Column.LATENCY_MS_P50),
                                r.number(Column.THROUGHPUT_SAMPLES_PER_S));
                labels.computeIfAbsent(model, m -> new ArrayList<>())
                        .add(
                                "b"
                                        + r.text(Column.BATCH_SIZE)
                                        + " t"
                                        + r.text(Column.INTRA_OP_THREADS)
                                        + " c"
                                        + r.text(Column.CALLERS));
            }
        }
        byModel.values().forEach(data::addSeries);
        JFreeChart chart =
                ChartFactory.createScatterPlot(
                        "Latency vs throughput: each point a configuration "
                                + "(b = batch, t = threads, c = callers)",
                        "median latency per batch (ms)",
                        "samples / s",
                        require(
                                data,
                                "trade-off: no SampleTime row of a model benchmark with a latency and a throughput"));
        XYItemRenderer renderer = chart.getXYPlot().getRenderer();
        List<List<String>> bySeries = new ArrayList<>(labels.values());
        renderer.setDefaultItemLabelGenerator(
                (dataset, series, item) -> bySeries.get(series).get(item));
        renderer.setDefaultItemLabelsVisible(true);
        return logAxes(chart, true, true);
    }

    /**
     * The roofline of each measured thread count (min(GEMM ceiling, intensity x bandwidth)) with
     * every configuration placed at its arithmetic intensity and achieved GFLOP/s.
     */
    public static JFreeChart roofline(List<DerivedRow> rows, MachineProfile machine) {
        XYSeriesCollection data = new XYSeriesCollection();
        double minAi =
                rows.stream()
                        .mapToDouble(r -> r.number(Column.ARITHMETIC_INTENSITY))
                        .filter(d -> d > 0)
                        .min()
                        .orElse(0.1);
        double maxAi =
                rows.stream()
                        .mapToDouble(r -> r.number(Column.ARITHMETIC_INTENSITY))
                        .filter(d -> d > 0)
                        .max()
                        .orElse(100);
        int roofs = 0;
        for (Ceiling c : machine.ceilings()) {
            if (c.gemmGflops() > 0 && c.memoryGBps() > 0) {
                XYSeries roof =
                        new XYSeries(
                                c.threads() + " thread" + (c.threads() > 1 ? "s" : "") + " roof",
                                false);
                double ridge = c.gemmGflops() / c.memoryGBps();
                double lo = Math.min(minAi / 2, ridge / 4);
                double hi = Math.max(maxAi * 2, ridge * 4);
                roof.add(lo, lo * c.memoryGBps());
                roof.add(ridge, c.gemmGflops());
                roof.add(hi, c.gemmGflops());
                data.addSeries(roof);
                roofs++;
            }
        }
        // Measured throughput where the run has it, else throughput derived from latency.
        boolean anyThroughput =
                rows.stream().anyMatch(r -> r.text(Column.JMH_MODE).equals("thrpt") && isModel(r));
        String mode = anyThroughput ? "thrpt" : "sample";
        XYSeriesCollection points =
                seriesByModel(
                        rows,
                        r -> r.text(Column.JMH_MODE).equals(mode),
                        Column.ARITHMETIC_INTENSITY,
                        Column.ACHIEVED_GFLOPS);
        if (roofs == 0) {
            throw new IllegalArgumentException(
                    "roofline: the machine profile has no GEMM and bandwidth ceilings");
        }
        require(points, "roofline: no row with achieved GFLOP/s");
        points.getSeries().forEach(s -> data.addSeries((XYSeries) s));
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        "Roofline (measured GEMM and bandwidth ceilings)",
                        "arithmetic intensity (FLOP / byte)",
                        "GFLOP/s",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            boolean isRoof = i < roofs;
            renderer.setSeriesLinesVisible(i, isRoof);
            renderer.setSeriesShapesVisible(i, !isRoof);
            if (isRoof) {
                renderer.setSeriesStroke(i, new BasicStroke(2f));
                renderer.setSeriesPaint(i, i == 0 ? Color.GRAY : Color.DARK_GRAY);
            }
        }
        chart.getXYPlot().setRenderer(renderer);
        return logAxes(chart, true, true);
    }

    /** MACs of each layer of one model, in execution order. */
    public static JFreeChart layerMacs(LayerMacs profile) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        int i = 0;
        for (LayerMacs.Layer layer : profile.layers()) {
            if (layer.macs() > 0) {
                data.addValue(
                        layer.macs() / 1e6,
                        "MACs",
                        String.format(Locale.ROOT, "%03d %s", i, layer.name()));
            }
            i++;
        }
        if (data.getColumnCount() == 0) {
            throw new IllegalArgumentException(
                    "layer MACs: " + profile.model() + " has no layer with MACs");
        }
        JFreeChart chart =
                ChartFactory.createBarChart(
                        "Per-layer MACs: "
                                + profile.model()
                                + " (batch "
                                + profile.batch()
                                + ", total "
                                + String.format(Locale.ROOT, "%,d", profile.macs())
                                + ")",
                        "layer (execution order)",
                        "million MACs",
                        data,
                        PlotOrientation.VERTICAL,
                        false,
                        true,
                        false);
        chart.getCategoryPlot().getDomainAxis().setTickLabelsVisible(data.getColumnCount() <= 40);
        return chart;
    }

    /** A line per (model, threads, callers), points in order of x. */
    private static XYSeriesCollection seriesByConfiguration(
            List<DerivedRow> rows, Predicate<DerivedRow> mode, Column x, Column y) {
        return series(
                rows,
                mode,
                x,
                y,
                r ->
                        String.format(
                                Locale.ROOT,
                                "%s%s, %s thread(s), %s caller(s)",
                                framework(r),
                                r.text(Column.MODEL),
                                r.text(Column.INTRA_OP_THREADS),
                                r.text(Column.CALLERS)),
                true);
    }

    /** A set of points per model. */
    private static XYSeriesCollection seriesByModel(
            List<DerivedRow> rows, Predicate<DerivedRow> mode, Column x, Column y) {
        return series(rows, mode, x, y, r -> framework(r) + r.text(Column.MODEL), false);
    }

    private static XYSeriesCollection series(
            List<DerivedRow> rows,
            Predicate<DerivedRow> mode,
            Column x,
            Column y,
            Function<DerivedRow, String> key,
            boolean ordered) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        rows.stream()
                .filter(r -> isModel(r) && mode.test(r) && r.number(x) > 0 && r.number(y) > 0)
                .sorted(Comparator.comparingDouble(r -> r.number(x)))
                .forEach(
                        r ->
                                series.computeIfAbsent(key.apply(r), k -> new XYSeries(k, ordered))
                                        .add(r.number(x), r.number(y)));
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        return data;
    }

    private static boolean isModel(DerivedRow r) {
        return !r.text(Column.MODEL).isEmpty();
    }

    /** Empty for effbench's own rows, the peer's name otherwise. */
    private static String framework(DerivedRow r) {
        return r.text(Column.BENCHMARK).startsWith("PyTorchPeer") ? "PyTorch " : "";
    }

    private static String configuration(DerivedRow r) {
        return String.join(
                "|",
                r.text(Column.BENCHMARK),
                r.text(Column.MODEL),
                r.text(Column.BATCH_SIZE),
                r.text(Column.INTRA_OP_THREADS),
                r.text(Column.CALLERS));
    }

    private static XYSeriesCollection require(XYSeriesCollection data, String emptyMessage) {
        if (data.getSeriesCount() == 0) {
            throw new IllegalArgumentException(emptyMessage);
        }
        return data;
    }

    private static JFreeChart logAxes(JFreeChart chart, boolean logX, boolean logY) {
        XYPlot plot = chart.getXYPlot();
        if (logX) {
            LogAxis x = new LogAxis(plot.getDomainAxis().getLabel());
            x.setBase(2);
            x.setSmallestValue(1e-6);
            x.setNumberFormatOverride(PLAIN);
            x.setTickUnit(new NumberTickUnit(1)); // one tick per power of two: 1, 2, 4, 8 ...
            plot.setDomainAxis(x);
        }
        if (plot.getRenderer() instanceof XYLineAndShapeRenderer lines) {
            lines.setDefaultShapesVisible(true);
        }
        for (int i = 0; i < PALETTE.length; i++) {
            if (plot.getRenderer().getSeriesPaint(i) == null) {
                plot.getRenderer().setSeriesPaint(i, PALETTE[i]);
            }
        }
        if (logY) {
            LogAxis y = new LogAxis(plot.getRangeAxis().getLabel());
            y.setSmallestValue(1e-9);
            y.setNumberFormatOverride(PLAIN);
            plot.setRangeAxis(y);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }
}
