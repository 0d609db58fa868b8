package org.effbench.report.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.effbench.bench.BenchParam;
import org.effbench.machine.Ceiling;
import org.effbench.machine.MachineProfile;
import org.effbench.metrics.LayerMacs;
import org.effbench.report.Column;
import org.effbench.report.ConfigId;
import org.effbench.report.DerivedRow;
import org.effbench.report.PeerComparison;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts of a run, each from the rows it needs. */
public final class Charts {

    static final Font SUBTITLE_FONT = new Font("SansSerif", Font.PLAIN, 12);

    static final Font ITEM_LABEL_FONT = new Font("SansSerif", Font.PLAIN, 10);

    private Charts() {}

    /** Mean latency of a batch against batch size, a line per configuration identity. */
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
     * Samples per second against batch size, a line per configuration identity: measured
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
        SeriesSet set =
                seriesByIdentity(
                        rows, r -> r.text(Column.JMH_MODE).equals(mode), Column.BATCH_SIZE, y);
        require(set.data, emptyMessage);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "batch size", yLabel, set.data);
        style(chart, set, 0, true);
        return logAxes(chart, true);
    }

    /**
     * Every configuration as a point: median latency of a batch (SampleTime) against samples/s of
     * the same configuration (its Throughput row where measured, else derived from the latency).
     * Low latency sits left, high throughput high: a model's best point for one goal is rarely its
     * best for the other. The points of one configuration identity are joined in order of batch
     * size, each labelled with its batch.
     */
    public static JFreeChart latencyThroughputTradeoff(List<DerivedRow> rows) {
        Map<String, DerivedRow> latency = new LinkedHashMap<>();
        rows.stream()
                .filter(r -> isModel(r) && r.text(Column.JMH_MODE).equals("sample"))
                .forEach(r -> latency.put(configuration(r), r));
        Map<String, DerivedRow> throughput = new LinkedHashMap<>(latency);
        rows.stream()
                .filter(r -> isModel(r) && r.text(Column.JMH_MODE).equals("thrpt"))
                .forEach(r -> throughput.put(configuration(r), r));
        List<DerivedRow> pairs =
                throughput.values().stream()
                        .filter(
                                r ->
                                        latency.containsKey(configuration(r))
                                                && latency.get(configuration(r))
                                                                .number(Column.LATENCY_MS_P50)
                                                        > 0)
                        .toList();
        SeriesSet set =
                seriesByIdentity(
                        pairs,
                        r -> true,
                        r -> latency.get(configuration(r)).number(Column.LATENCY_MS_P50),
                        r -> r.number(Column.THROUGHPUT_SAMPLES_PER_S),
                        Set.of());
        require(
                set.data,
                "trade-off: no SampleTime row of a model benchmark with a latency and a throughput");
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        "Latency vs throughput (label: batch size)",
                        "median latency per batch (ms)",
                        "samples / s",
                        set.data);
        style(chart, set, 0, true);
        XYItemRenderer renderer = chart.getXYPlot().getRenderer();
        renderer.setDefaultItemLabelGenerator(
                (dataset, series, item) ->
                        "b" + set.rowsOf.get(series).get(item).text(Column.BATCH_SIZE));
        renderer.setDefaultItemLabelFont(ITEM_LABEL_FONT);
        renderer.setDefaultItemLabelsVisible(true);
        return logAxes(chart, false);
    }

    /**
     * The roofline of each measured thread count (min(GEMM ceiling, intensity x bandwidth)) with
     * every configuration placed at its arithmetic intensity and achieved GFLOP/s: a series per
     * configuration identity, its thread count in the legend and its marker, the batch size beside
     * each point.
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
        if (roofs == 0) {
            throw new IllegalArgumentException(
                    "roofline: the machine profile has no GEMM and bandwidth ceilings");
        }
        // Measured throughput where the run has it, else throughput derived from latency.
        boolean anyThroughput =
                rows.stream().anyMatch(r -> r.text(Column.JMH_MODE).equals("thrpt") && isModel(r));
        String mode = anyThroughput ? "thrpt" : "sample";
        // each point's thread count in its legend entry, even when all share one: it says which
        // roof is the point's own
        SeriesSet points =
                seriesByIdentity(
                        rows,
                        r -> r.text(Column.JMH_MODE).equals(mode),
                        r -> r.number(Column.ARITHMETIC_INTENSITY),
                        r -> r.number(Column.ACHIEVED_GFLOPS),
                        Set.of("threads"));
        require(points.data, "roofline: no row with achieved GFLOP/s");
        points.data.getSeries().forEach(s -> data.addSeries((XYSeries) s));
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
        for (int i = 0; i < roofs; i++) {
            renderer.setSeriesLinesVisible(i, true);
            renderer.setSeriesShapesVisible(i, false);
            renderer.setSeriesStroke(i, SeriesStyle.line(i));
            renderer.setSeriesStroke(
                    i,
                    new BasicStroke(
                            2f,
                            BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER,
                            10f,
                            i == 0 ? null : new float[] {10f, 5f},
                            0f));
            renderer.setSeriesPaint(i, i == 0 ? Color.GRAY : Color.DARK_GRAY);
        }
        for (int i = roofs; i < data.getSeriesCount(); i++) {
            renderer.setSeriesLinesVisible(i, false);
            renderer.setSeriesShapesVisible(i, true);
        }
        final int offset = roofs;
        renderer.setDefaultItemLabelGenerator(
                (dataset, series, item) ->
                        series < offset
                                ? null
                                : "b"
                                        + points.rowsOf
                                                .get(series - offset)
                                                .get(item)
                                                .text(Column.BATCH_SIZE));
        renderer.setDefaultItemLabelFont(ITEM_LABEL_FONT);
        renderer.setDefaultItemLabelsVisible(true);
        chart.getXYPlot().setRenderer(renderer);
        style(chart, points, roofs, false);
        return logAxes(chart, true);
    }

    /** Layers shown by name at most; beyond, the smallest are summed in one bar. */
    static final int MAX_LAYERS = 100;

    /**
     * MACs of each layer of one model in execution order, as horizontal bars named by layer and
     * labelled with their share of the total; a model with more than {@link #MAX_LAYERS} layers
     * with MACs shows the ones with most MACs, the others summed in a last bar.
     */
    public static JFreeChart layerMacs(LayerMacs profile) {
        List<LayerMacs.Layer> all = profile.layers();
        List<Integer> withMacs = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).macs() > 0) {
                withMacs.add(i);
            }
        }
        if (withMacs.isEmpty()) {
            throw new IllegalArgumentException(
                    "layer MACs: " + profile.model() + " has no layer with MACs");
        }
        List<Integer> shown = new ArrayList<>(withMacs);
        if (shown.size() > MAX_LAYERS) {
            shown.sort(
                    Comparator.comparingLong((Integer i) -> all.get(i).macs())
                            .reversed()
                            .thenComparing(i -> i));
            shown = new ArrayList<>(shown.subList(0, MAX_LAYERS - 1));
            shown.sort(Comparator.naturalOrder());
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        long rest = profile.macs();
        for (int i : shown) {
            data.addValue(
                    all.get(i).macs() / 1e6,
                    "MACs",
                    String.format(Locale.ROOT, "#%d %s", i, all.get(i).label()));
            rest -= all.get(i).macs();
        }
        int others = withMacs.size() - shown.size();
        if (others > 0) {
            data.addValue(
                    rest / 1e6, "MACs", String.format(Locale.ROOT, "other %d layers", others));
        }
        JFreeChart chart =
                ChartFactory.createBarChart(
                        String.format(
                                Locale.ROOT,
                                "Per-layer MACs: %s (batch %d, total %s)",
                                profile.model(),
                                profile.batch(),
                                millions(profile.macs())),
                        "layer (#: execution order)",
                        "million MACs",
                        data,
                        PlotOrientation.HORIZONTAL,
                        false,
                        true,
                        false);
        if (others > 0) {
            chart.addSubtitle(
                    new TextTitle(
                            String.format(
                                    Locale.ROOT,
                                    "the %d layers with most MACs, in execution order; the other %d"
                                            + " summed in the last bar",
                                    shown.size(),
                                    others),
                            SUBTITLE_FONT));
        }
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.4f);
        plot.getDomainAxis().setCategoryMargin(0.15);
        plot.getDomainAxis().setTickLabelFont(ITEM_LABEL_FONT.deriveFont(11f));
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, SeriesStyle.colour(0));
        bars.setDefaultItemLabelGenerator(
                new StandardCategoryItemLabelGenerator() {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public String generateLabel(CategoryDataset dataset, int row, int column) {
                        return String.format(
                                Locale.ROOT,
                                "%.1f%%",
                                100
                                        * dataset.getValue(row, column).doubleValue()
                                        * 1e6
                                        / profile.macs());
                    }
                });
        bars.setDefaultItemLabelFont(ITEM_LABEL_FONT);
        bars.setDefaultItemLabelsVisible(true);
        return chart;
    }

    /** 4,089.2 M; 668.7 k: four significant digits at most. */
    private static String millions(long macs) {
        if (macs >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%,.2f G MACs", macs / 1e9);
        }
        if (macs >= 1_000_000L) {
            return String.format(Locale.ROOT, "%,.1f M MACs", macs / 1e6);
        }
        return String.format(Locale.ROOT, "%,d MACs", macs);
    }

    /**
     * Series of one chart, one per configuration identity ({@link ConfigId} without the batch size,
     * which is the x value): benchmark, model, every other JMH parameter, callers and launch set.
     * Colour follows the model and launch set, shape and dash the rest (framework, threads,
     * callers), so effbench and PyTorch on one model share its colour; the legend names only what
     * varies between series, the subtitle what all share.
     */
    static final class SeriesSet {
        final XYSeriesCollection data = new XYSeriesCollection();
        final List<Integer> colourIndex = new ArrayList<>();
        final List<Integer> shapeIndex = new ArrayList<>();
        final List<List<DerivedRow>> rowsOf = new ArrayList<>();
        String shared = "";

        int size() {
            return data.getSeriesCount();
        }
    }

    /** The parts of a row's identity, in legend order; colour parts first. */
    private static Map<String, String> identity(DerivedRow r) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> params = new TreeMap<>(ConfigId.of(r).params());
        params.remove(BenchParam.BATCH_SIZE.jmhName());
        String model = params.remove(BenchParam.MODEL.jmhName());
        String intra = params.remove(BenchParam.INTRA_OP_THREADS.jmhName());
        String inter = params.remove(BenchParam.INTER_OP_THREADS.jmhName());
        out.put("framework", framework(r).isEmpty() ? "effbench" : framework(r).trim());
        out.put("model", model != null ? model : r.text(Column.MODEL));
        out.put("launch", r.text(Column.LAUNCH));
        out.put(
                "threads",
                intra != null && !intra.isEmpty() ? intra : r.text(Column.INTRA_OP_THREADS));
        out.put("inter", inter == null ? "" : inter);
        params.forEach((k, v) -> out.put("param " + k, v));
        out.put("callers", r.text(Column.CALLERS));
        return out;
    }

    private static final Set<String> COLOUR_PARTS = Set.of("model", "launch");

    private static String words(String part, String value) {
        if (value.isEmpty()) {
            return "";
        }
        return switch (part) {
            case "framework", "model" -> value;
            case "launch" -> "launch " + value;
            case "threads" -> value + (value.equals("1") ? " thread" : " threads");
            case "inter" -> "inter-op " + (value.equals("0") ? "default" : value);
            case "callers" -> value + (value.equals("1") ? " caller" : " callers");
            default -> part.substring("param ".length()) + "=" + value;
        };
    }

    /** Rows that pass {@code keep}, in series by identity, each series' points in order of x. */
    static SeriesSet seriesByIdentity(
            List<DerivedRow> rows, Predicate<DerivedRow> keep, Column x, Column y) {
        return seriesByIdentity(rows, keep, r -> r.number(x), r -> r.number(y), Set.of());
    }

    static SeriesSet seriesByIdentity(
            List<DerivedRow> rows,
            Predicate<DerivedRow> keep,
            ToDoubleFunction<DerivedRow> x,
            ToDoubleFunction<DerivedRow> y,
            Set<String> alwaysNamed) {
        List<DerivedRow> kept =
                rows.stream()
                        .filter(
                                r ->
                                        isModel(r)
                                                && keep.test(r)
                                                && x.applyAsDouble(r) > 0
                                                && y.applyAsDouble(r) > 0)
                        .sorted(Comparator.comparingDouble(r -> r.number(Column.BATCH_SIZE)))
                        .toList();
        Map<Map<String, String>, List<DerivedRow>> byIdentity = new LinkedHashMap<>();
        for (DerivedRow r : rows) {
            if (kept.contains(r)) {
                byIdentity.computeIfAbsent(identity(r), k -> new ArrayList<>());
            }
        }
        kept.forEach(r -> byIdentity.get(identity(r)).add(r));
        // which parts vary between series
        Set<String> varying = new LinkedHashSet<>(alwaysNamed);
        Map<String, String> first = byIdentity.keySet().stream().findFirst().orElse(Map.of());
        for (Map<String, String> id : byIdentity.keySet()) {
            for (String part : id.keySet()) {
                if (!id.get(part).equals(first.getOrDefault(part, ""))) {
                    varying.add(part);
                }
            }
            first.keySet().stream().filter(p -> !id.containsKey(p)).forEach(varying::add);
        }
        Map<String, Integer> colours = new LinkedHashMap<>();
        Map<String, Integer> shapes = new LinkedHashMap<>();
        List<Map<String, String>> ids = new ArrayList<>(byIdentity.keySet());
        for (Map<String, String> id : ids) {
            colours.putIfAbsent(part(id, true), colours.size());
            shapes.putIfAbsent(part(id, false), shapes.size());
        }
        ids.sort(
                Comparator.comparing((Map<String, String> id) -> colours.get(part(id, true)))
                        .thenComparing(id -> shapes.get(part(id, false))));
        SeriesSet out = new SeriesSet();
        for (Map<String, String> id : ids) {
            List<String> label = new ArrayList<>();
            id.forEach(
                    (part, value) -> {
                        if (varying.contains(part) && !words(part, value).isEmpty()) {
                            label.add(words(part, value));
                        }
                    });
            if (label.isEmpty()) {
                label.add(id.get("model"));
            }
            XYSeries s = new XYSeries(String.join(", ", label), false, true);
            for (DerivedRow r : byIdentity.get(id)) {
                s.add(x.applyAsDouble(r), y.applyAsDouble(r));
            }
            out.data.addSeries(s);
            out.colourIndex.add(colours.get(part(id, true)));
            out.shapeIndex.add(shapes.get(part(id, false)));
            out.rowsOf.add(byIdentity.get(id));
        }
        List<String> shared = new ArrayList<>();
        first.forEach(
                (part, value) -> {
                    if (!varying.contains(part)
                            && !(part.equals("framework") && value.equals("effbench"))
                            && !words(part, value).isEmpty()) {
                        shared.add(words(part, value));
                    }
                });
        out.shared = String.join(", ", shared);
        return out;
    }

    private static String part(Map<String, String> id, boolean colour) {
        StringBuilder out = new StringBuilder();
        id.forEach(
                (part, value) -> {
                    if (COLOUR_PARTS.contains(part) == colour) {
                        out.append(part).append('=').append(value).append('|');
                    }
                });
        return out.toString();
    }

    /**
     * Colours, shapes and dashes of the series from {@code offset} on; a legend at the right when
     * there are many, and the shared parts of the identity as a subtitle.
     */
    private static void style(JFreeChart chart, SeriesSet set, int offset, boolean lines) {
        XYPlot plot = chart.getXYPlot();
        XYItemRenderer renderer = plot.getRenderer();
        for (int i = 0; i < set.size(); i++) {
            renderer.setSeriesPaint(offset + i, SeriesStyle.colour(set.colourIndex.get(i)));
            renderer.setSeriesShape(offset + i, SeriesStyle.shape(set.shapeIndex.get(i)));
            if (lines) {
                renderer.setSeriesStroke(offset + i, SeriesStyle.line(set.shapeIndex.get(i)));
            }
        }
        if (!set.shared.isEmpty()) {
            TextTitle shared = new TextTitle("all: " + set.shared, SUBTITLE_FONT);
            chart.addSubtitle(0, shared);
        }
        if (chart.getLegend() != null && set.size() + offset > 8) {
            chart.getLegend().setPosition(RectangleEdge.RIGHT);
        }
    }

    private static boolean isModel(DerivedRow r) {
        return !r.text(Column.MODEL).isEmpty();
    }

    /** Empty for effbench's own rows, the peer's name otherwise. */
    private static String framework(DerivedRow r) {
        return PeerComparison.isPeer(r) ? "PyTorch " : "";
    }

    /** A row's configuration identity without its mode: its SampleTime and Throughput rows pair. */
    private static String configuration(DerivedRow r) {
        ConfigId id = ConfigId.of(r);
        return String.join(
                "|",
                id.benchmark(),
                ConfigId.encode(id.params()),
                String.valueOf(id.callers()),
                id.launch());
    }

    private static XYSeriesCollection require(XYSeriesCollection data, String emptyMessage) {
        if (data.getSeriesCount() == 0) {
            throw new IllegalArgumentException(emptyMessage);
        }
        return data;
    }

    /**
     * Both axes logarithmic with round ticks, fitted to the data (a single value gets a factor of
     * two each side); the x axis in powers of two where {@code powersOfTwoX}.
     */
    private static JFreeChart logAxes(JFreeChart chart, boolean powersOfTwoX) {
        XYPlot plot = chart.getXYPlot();
        XYDataset data = plot.getDataset();
        RoundLogAxis x = new RoundLogAxis(plot.getDomainAxis().getLabel(), powersOfTwoX);
        Range xs = DatasetUtils.findDomainBounds(data, false);
        x.fit(xs.getLowerBound(), xs.getUpperBound());
        plot.setDomainAxis(x);
        RoundLogAxis y = new RoundLogAxis(plot.getRangeAxis().getLabel(), false);
        Range ys = DatasetUtils.findRangeBounds(data, false);
        y.fit(ys.getLowerBound(), ys.getUpperBound());
        plot.setRangeAxis(y);
        if (plot.getRenderer() instanceof XYLineAndShapeRenderer lines) {
            lines.setDefaultShapesVisible(true);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }
}
