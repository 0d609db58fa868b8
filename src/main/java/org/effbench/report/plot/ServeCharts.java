package org.effbench.report.plot;

import static org.effbench.base.Figures.threeDigits;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of a serve run, from a neutral description of its points (the command converts its
 * results): latency against offered load (the hockey stick), with the bound and the capacity, and
 * achieved against offered rate, with y = x and the Offline throughput.
 */
public final class ServeCharts {

    public static final String LATENCY_FILE = "serve-latency.png";
    public static final String THROUGHPUT_FILE = "serve-throughput.png";

    /** Percentiles drawn, in legend order; the bound is on the last. */
    static final String[] PERCENTILES = {"p50", "p90", "p99"};

    /**
     * The percentiles drawn (indices into {@link #PERCENTILES}) when a chart has several curves.
     */
    static final int[] SEVERAL = {0, 2};

    static final String HOLLOW = "hollow marker: invalid (too few queries or too short)";
    static final String CROSS = "cross: stopped early (saturated, or over the bound for sure)";

    private static final Color MARKER = new Color(90, 90, 90);
    private static final Font MARKER_FONT = new Font("SansSerif", Font.PLAIN, 12);

    private ServeCharts() {}

    /**
     * One load point.
     *
     * @param offered the offered rate, queries/s
     * @param achieved requests served per second
     * @param p50 latency percentiles, ms (NaN when nothing was served)
     * @param valid whether the point met the validity rules (minimum queries and duration)
     * @param stoppedEarly whether it stopped before its schedule ended (saturated or decided)
     */
    public record Point(
            double offered,
            double achieved,
            double p50,
            double p90,
            double p99,
            boolean valid,
            boolean stoppedEarly) {

        double percentile(int i) {
            return switch (i) {
                case 0 -> p50;
                case 1 -> p90;
                default -> p99;
            };
        }
    }

    /**
     * One configuration's points.
     *
     * @param label what names it in the legend when a run has several (empty otherwise)
     * @param points in any order; drawn in order of offered rate
     * @param capacity the capacity, queries/s; NaN when none (or a single rate was run)
     * @param capacityValid whether the point at the capacity was valid
     * @param offline the Offline throughput, queries/s; NaN when not run
     */
    public record Curve(
            String label,
            List<Point> points,
            double capacity,
            boolean capacityValid,
            double offline) {

        public Curve {
            points = points.stream().sorted(Comparator.comparingDouble(Point::offered)).toList();
        }
    }

    /**
     * @param subtitle what all curves share (model, workers, batcher, arrivals)
     * @param boundName the bounded percentile's name, {@code p99}
     * @param boundMs the latency bound, ms
     */
    public record Run(String subtitle, String boundName, double boundMs, List<Curve> curves) {
        public Run {
            curves = List.copyOf(curves);
            if (curves.stream().allMatch(c -> c.points().isEmpty())) {
                throw new IllegalArgumentException("serve chart: the run has no load point");
            }
        }
    }

    /** Writes both charts into {@code dir}; returns their paths. */
    public static List<Path> write(Run run, Path dir) throws IOException {
        return List.of(
                ChartFiles.png(latency(run), dir.resolve(LATENCY_FILE)),
                ChartFiles.png(throughput(run), dir.resolve(THROUGHPUT_FILE)));
    }

    /**
     * p50, p90 and p99 against the offered rate, a series per percentile (p50 and p99 per
     * configuration when there are several), log y; the bound as a horizontal line, each capacity
     * as a vertical one.
     */
    public static JFreeChart latency(Run run) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Curve> owner = new ArrayList<>();
        List<int[]> style = new ArrayList<>();
        boolean several = run.curves().size() > 1;
        // several configurations: p50 and p99 only, or the lines crowd out each other
        int[] drawn = several ? SEVERAL : new int[] {0, 1, 2};
        for (int c = 0; c < run.curves().size(); c++) {
            Curve curve = run.curves().get(c);
            for (int k = 0; k < drawn.length; k++) {
                final int pi = drawn[k];
                String name = (several ? curve.label() + ", " : "") + PERCENTILES[pi];
                // several: the capacity in the legend, on the bounded percentile's entry
                if (several && pi == PERCENTILES.length - 1) {
                    name += capacityText(curve, "; ");
                }
                data.addSeries(series(name, curve, pt -> pt.percentile(pi)));
                owner.add(curve);
                // one configuration: a colour per percentile; several: a colour per
                // configuration, a shape and dash per percentile
                style.add(several ? new int[] {c, k} : new int[] {pi, 0});
            }
        }
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        "Latency against offered load (latency from each scheduled arrival)",
                        "offered rate (queries / s)",
                        "latency (ms)",
                        data);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(renderer(owner, style));
        // from 0 to past the Offline throughput, where the latency has no steady state
        double right = 0;
        for (Curve c : run.curves()) {
            for (Point p : c.points()) {
                right = Math.max(right, p.offered());
            }
            if (c.offline() > 0) {
                right = Math.max(right, c.offline());
            }
        }
        ((NumberAxis) plot.getDomainAxis()).setRange(0, right * 1.05);
        // the bounded percentile drawn last, over the others where they meet
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        double lo = Double.POSITIVE_INFINITY;
        double hi = run.boundMs();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                lo = Math.min(lo, data.getYValue(s, i));
                hi = Math.max(hi, data.getYValue(s, i));
            }
        }
        RoundLogAxis y = new RoundLogAxis("latency (ms)", false);
        y.fit(Math.min(lo, run.boundMs()), hi);
        plot.setRangeAxis(y);
        plot.addRangeMarker(
                marker(
                        run.boundMs(),
                        "bound: " + run.boundName() + " <= " + threeDigits(run.boundMs()) + " ms",
                        false));
        capacityMarkers(plot, run, true);
        finish(chart, plot, run);
        return chart;
    }

    /**
     * Achieved against offered rate, a series per configuration, with the line y = x (every request
     * served as it arrives) and the Offline throughput as a horizontal line.
     */
    public static JFreeChart throughput(Run run) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Curve> owner = new ArrayList<>();
        List<int[]> style = new ArrayList<>();
        boolean several = run.curves().size() > 1;
        double max = 0;
        for (int c = 0; c < run.curves().size(); c++) {
            Curve curve = run.curves().get(c);
            data.addSeries(
                    series(
                            several ? curve.label() + capacityText(curve, "; ") : "achieved",
                            curve,
                            Point::achieved));
            owner.add(curve);
            style.add(new int[] {c, 0});
            for (Point p : curve.points()) {
                max = Math.max(max, Math.max(p.offered(), p.achieved()));
            }
            if (curve.offline() > 0) {
                max = Math.max(max, curve.offline());
            }
        }
        XYSeries identity = new XYSeries("achieved = offered", false, true);
        identity.add(0, 0);
        identity.add(max * 1.05, max * 1.05);
        data.addSeries(identity);
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        "Achieved against offered rate",
                        "offered rate (queries / s)",
                        "achieved rate (queries / s)",
                        data);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = renderer(owner, style);
        int id = data.getSeriesCount() - 1;
        r.setSeriesShapesVisible(id, false);
        r.setSeriesPaint(id, Color.GRAY);
        r.setSeriesStroke(
                id,
                new BasicStroke(
                        1f,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10f,
                        new float[] {6f, 4f},
                        0f));
        plot.setRenderer(r);
        ((NumberAxis) plot.getDomainAxis()).setRange(0, max * 1.05);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, max * 1.1);
        for (int i = 0; i < run.curves().size(); i++) {
            Curve c = run.curves().get(i);
            if (c.offline() > 0) {
                ValueMarker m =
                        marker(
                                c.offline(),
                                (several ? c.label() + ": " : "")
                                        + "Offline "
                                        + threeDigits(c.offline())
                                        + "/s",
                                false);
                if (several) {
                    m.setPaint(SeriesStyle.colour(i));
                }
                plot.addRangeMarker(m);
            }
        }
        capacityMarkers(plot, run, false);
        finish(chart, plot, run);
        return chart;
    }

    private static XYSeries series(String name, Curve curve, ToDoubleFunction<Point> y) {
        // not sorted by JFreeChart (the curve is), so item i is the curve's point i
        XYSeries s = new XYSeries(name, false, true);
        for (Point p : curve.points()) {
            double v = y.applyAsDouble(p);
            s.add(p.offered(), v > 0 ? v : null);
        }
        return s;
    }

    /**
     * Lines and markers; an invalid point's marker hollow, a point stopped early a cross. {@code
     * style[i]}: colour index and place (shape, dash) of series i.
     */
    private static XYLineAndShapeRenderer renderer(List<Curve> owner, List<int[]> style) {
        Shape cross = ShapeUtils.createDiagonalCross(5f, 1.2f);
        XYLineAndShapeRenderer r =
                new XYLineAndShapeRenderer(true, true) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public boolean getItemShapeFilled(int series, int item) {
                        return series >= owner.size()
                                || owner.get(series).points().get(item).valid();
                    }

                    @Override
                    public Shape getItemShape(int series, int item) {
                        if (series < owner.size()
                                && owner.get(series).points().get(item).stoppedEarly()) {
                            return cross;
                        }
                        return super.getItemShape(series, item);
                    }
                };
        r.setDrawOutlines(true);
        r.setUseOutlinePaint(false);
        for (int i = 0; i < style.size(); i++) {
            r.setSeriesPaint(i, SeriesStyle.colour(style.get(i)[0]));
            r.setSeriesShape(i, SeriesStyle.shape(style.get(i)[1]));
            r.setSeriesStroke(i, SeriesStyle.line(style.get(i)[1]));
            r.setSeriesOutlineStroke(i, new BasicStroke(1.5f));
        }
        return r;
    }

    /** {@code ; capacity 18.0/s (invalid)}; empty without a capacity. */
    static String capacityText(Curve c, String separator) {
        return c.capacity() > 0
                ? separator
                        + "capacity "
                        + threeDigits(c.capacity())
                        + "/s"
                        + (c.capacityValid() ? "" : " (invalid)")
                : "";
    }

    /**
     * Each capacity as a vertical line; one configuration's labelled with its figure and the
     * Offline throughput beside it (on the latency chart), several configurations' in their colour
     * without a label (their labels would overlap at the top; the legend names each capacity) and
     * without the Offline lines (the throughput chart has them).
     */
    private static void capacityMarkers(XYPlot plot, Run run, boolean offline) {
        boolean several = run.curves().size() > 1;
        if (several) {
            for (int i = 0; i < run.curves().size(); i++) {
                Curve c = run.curves().get(i);
                if (c.capacity() > 0) {
                    ValueMarker m = marker(c.capacity(), null, true);
                    m.setPaint(SeriesStyle.colour(i));
                    plot.addDomainMarker(m);
                }
            }
            return;
        }
        Curve c = run.curves().get(0);
        if (c.capacity() > 0) {
            plot.addDomainMarker(marker(c.capacity(), capacityText(c, ""), true));
        }
        if (offline && c.offline() > 0) {
            ValueMarker m = marker(c.offline(), "Offline " + threeDigits(c.offline()) + "/s", true);
            m.setPaint(Color.LIGHT_GRAY);
            plot.addDomainMarker(m);
        }
    }

    private static ValueMarker marker(double value, String label, boolean vertical) {
        ValueMarker m =
                new ValueMarker(
                        value,
                        MARKER,
                        new BasicStroke(
                                1.5f,
                                BasicStroke.CAP_BUTT,
                                BasicStroke.JOIN_MITER,
                                10f,
                                new float[] {4f, 3f},
                                0f));
        m.setLabel(label);
        m.setLabelFont(MARKER_FONT);
        m.setLabelPaint(Color.BLACK);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
        if (vertical) {
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        } else {
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        }
        return m;
    }

    /** White plot, grey grid, the shared description and the marker legend. */
    private static void finish(JFreeChart chart, XYPlot plot, Run run) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (!run.subtitle().isEmpty()) {
            chart.addSubtitle(0, new TextTitle(run.subtitle(), Charts.SUBTITLE_FONT));
        }
        LegendItemCollection items = new LegendItemCollection();
        items.addAll(plot.getRenderer().getLegendItems());
        boolean invalid = false;
        boolean stopped = false;
        for (Curve c : run.curves()) {
            for (Point p : c.points()) {
                invalid |= !p.valid();
                stopped |= p.stoppedEarly();
            }
        }
        if (invalid) {
            LegendItem hollow =
                    new LegendItem(
                            HOLLOW,
                            null,
                            null,
                            null,
                            true,
                            SeriesStyle.shape(0),
                            false,
                            Color.WHITE,
                            true,
                            Color.DARK_GRAY,
                            new BasicStroke(1.5f),
                            false,
                            new java.awt.geom.Line2D.Double(-7, 0, 7, 0),
                            new BasicStroke(1f),
                            Color.DARK_GRAY);
            items.add(hollow);
        }
        if (stopped) {
            LegendItem cross =
                    new LegendItem(
                            CROSS,
                            null,
                            null,
                            null,
                            ShapeUtils.createDiagonalCross(5f, 1.2f),
                            Color.DARK_GRAY);
            items.add(cross);
        }
        plot.setFixedLegendItems(items);
    }
}
