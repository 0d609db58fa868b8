package org.effbench.report.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.effbench.Fixtures;
import org.effbench.energy.EnergyTable;
import org.effbench.jmh.JmhJson;
import org.effbench.machine.MachineProfile;
import org.effbench.metrics.LayerMacs;
import org.effbench.metrics.StaticMetrics;
import org.effbench.report.Column;
import org.effbench.report.DerivedRow;
import org.effbench.report.Deriver;
import org.effbench.report.TestRows;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts of the golden run hold the rows' values on labelled axes, a colour per series, and empty
 * data is refused by name.
 */
class ChartsTest {

    static final MachineProfile MACHINE = Fixtures.MACHINE;

    private static List<DerivedRow> rows;

    @TempDir Path dir;

    @BeforeAll
    static void derive() throws Exception {
        rows =
                new Deriver(
                                "run",
                                Optional.of(MACHINE),
                                (m, in, b) ->
                                        Optional.of(
                                                new StaticMetrics(
                                                        668_672, 669_706, 2_058, 3_136, 12_345)),
                                Fixtures.ENERGY,
                                EnergyTable.horowitz45nm())
                        .derive(
                                JmhJson.parse("f", Fixtures.jmh("all-modes-2-callers.json"))
                                        .results());
    }

    /**
     * The golden run's SampleTime rows: mlp and squeezenet1_1 at batch 2, 1 thread, 2 callers, mean
     * latency 0.24591388879935552 and 64.3858432 ms (the fixture's scores): one line each, named by
     * its configuration, in its own colour.
     */
    @Test
    void latencyVsBatchHasALinePerConfigurationHoldingItsRowsValues() {
        XYPlot plot = Charts.latencyVsBatch(rows).getXYPlot();
        assertThat(plot.getDomainAxis().getLabel()).isEqualTo("batch size");
        assertThat(plot.getRangeAxis().getLabel()).isEqualTo("latency per batch (ms)");
        XYDataset data = plot.getDataset();
        assertThat(data.getSeriesCount()).isEqualTo(2);
        // what both share is said once, above the plot
        assertThat(data.getSeriesKey(0)).isEqualTo("mlp");
        assertThat(data.getSeriesKey(1)).isEqualTo("squeezenet1_1");
        assertThat(Charts.latencyVsBatch(rows).getSubtitle(0))
                .extracting(t -> ((TextTitle) t).getText())
                .isEqualTo("all: 1 thread, inter-op default, 2 callers");
        assertThat(data.getItemCount(0)).isEqualTo(1);
        assertThat(data.getXValue(0, 0)).isEqualTo(2.0);
        assertThat(data.getYValue(0, 0)).isEqualTo(0.24591388879935552);
        assertThat(data.getXValue(1, 0)).isEqualTo(2.0);
        assertThat(data.getYValue(1, 0)).isEqualTo(64.3858432);
        assertThat(plot.getRenderer().getItemPaint(0, 0))
                .isNotEqualTo(plot.getRenderer().getItemPaint(1, 0));
    }

    /**
     * Measured throughput: the mlp's 11.223277893543608 ops/ms summed over callers x batch 2 =
     * 22,446.56 samples/s.
     */
    @Test
    void throughputVsBatchPlotsTheMeasuredSamplesPerSecond() {
        XYPlot plot = Charts.throughputVsBatch(rows).getXYPlot();
        assertThat(plot.getRangeAxis().getLabel()).isEqualTo("samples / s");
        assertThat(plot.getDataset().getSeriesKey(0)).isEqualTo("mlp");
        assertThat(plot.getDataset().getYValue(0, 0)).isCloseTo(22_446.555787087218, within(1e-9));
    }

    /**
     * Each point of the trade-off is one configuration: the mlp's median latency
     * (0.12454399999999999 ms, the fixture's SampleTime p50) against its measured throughput
     * (22,446.56 samples/s), labelled with its batch size.
     */
    @Test
    void theTradeOffPairsAConfigurationsMedianLatencyWithItsThroughput() {
        XYPlot plot = Charts.latencyThroughputTradeoff(rows).getXYPlot();
        XYDataset data = plot.getDataset();
        assertThat(data.getSeriesKey(0)).isEqualTo("mlp");
        assertThat(data.getXValue(0, 0)).isCloseTo(0.12454399999999999, within(1e-15));
        assertThat(data.getYValue(0, 0)).isCloseTo(22_446.555787087218, within(1e-9));
        assertThat(plot.getRenderer().getDefaultItemLabelGenerator().generateLabel(data, 0, 0))
                .isEqualTo("b2");
        assertThat(plot.getDomainAxis().getLabel()).isEqualTo("median latency per batch (ms)");
    }

    /**
     * The hand-made machine's roofs: 1 thread 100 GFLOP/s over 50 GB/s bends at 100 / 50 = 2
     * FLOP/byte, 2 threads 200 over 80 at 2.5; below the bend GFLOP/s = intensity x GB/s. The mlp's
     * throughput row sits at 2 x 668,672 x 2 FLOPs / 2,718,024 bytes moved per batch and 30.0188
     * GFLOP/s (worked out in DeriverTest).
     */
    @Test
    void theRooflineBendsAtEachRidgeAndPlacesTheMeasuredPoint() {
        XYPlot plot = Charts.roofline(rows, MACHINE).getXYPlot();
        XYDataset data = plot.getDataset();
        assertThat(plot.getDomainAxis().getLabel()).isEqualTo("arithmetic intensity (FLOP / byte)");
        assertThat(plot.getRangeAxis().getLabel()).isEqualTo("GFLOP/s");
        assertThat(data.getSeriesKey(0)).isEqualTo("1 thread roof");
        assertThat(data.getXValue(0, 1)).isEqualTo(2.0);
        assertThat(data.getYValue(0, 1)).isEqualTo(100.0);
        assertThat(data.getYValue(0, 0)).isCloseTo(data.getXValue(0, 0) * 50, within(1e-9));
        assertThat(data.getYValue(0, 2)).isEqualTo(100.0);
        assertThat(data.getSeriesKey(1)).isEqualTo("2 threads roof");
        assertThat(data.getXValue(1, 1)).isEqualTo(2.5);
        assertThat(data.getYValue(1, 1)).isEqualTo(200.0);
        // the thread count is named even when every point shares it: it says which roof is theirs
        assertThat(data.getSeriesKey(2)).isEqualTo("mlp, 1 thread");
        assertThat(data.getXValue(2, 0)).isCloseTo(2_674_688.0 / 2_718_024, within(1e-12));
        assertThat(data.getYValue(2, 0)).isCloseTo(30.018766702526367, within(1e-9));
        XYItemRenderer renderer = plot.getRenderer();
        assertThat(
                        List.of(
                                renderer.getItemPaint(0, 0),
                                renderer.getItemPaint(1, 0),
                                renderer.getItemPaint(2, 0),
                                renderer.getItemPaint(3, 0)))
                .doesNotHaveDuplicates();
    }

    /** Written out, a chart shows its series: pixels in each point series' own colour. */
    @Test
    void theWrittenPngShowsEverySeriesInItsColour() throws Exception {
        JFreeChart latency = Charts.latencyVsBatch(rows);
        BufferedImage image =
                ImageIO.read(ChartFiles.png(latency, dir.resolve("latency.png")).toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(600);
        for (int series = 0; series < 2; series++) {
            Color colour = (Color) latency.getXYPlot().getRenderer().getItemPaint(series, 0);
            assertThat(pixels(image, colour)).as("series %d in %s", series, colour).isPositive();
        }
        // no series is drawn in a colour of the palette beyond those in use
        assertThat(pixels(image, new Color(0, 158, 115))).isZero();
    }

    @Test
    void aLatencyOnlyRunStillShowsThroughputAndTheTradeOffDerivedFromIt() {
        List<DerivedRow> sampleOnly =
                rows.stream().filter(r -> r.text(Column.JMH_MODE).equals("sample")).toList();
        assertThat(sampleOnly).isNotEmpty();

        assertThat(Charts.throughputVsBatch(sampleOnly).getTitle().getText())
                .isEqualTo("Throughput (derived: callers x batch / mean latency)");
        assertThat(Charts.throughputVsBatch(rows).getTitle().getText())
                .isEqualTo("Throughput (Throughput mode)");
        assertThat(
                        Charts.latencyThroughputTradeoff(sampleOnly)
                                .getXYPlot()
                                .getDataset()
                                .getItemCount(0))
                .isPositive();
    }

    @Test
    void aChartWithNothingToDrawIsRefusedByName() {
        assertThatThrownBy(() -> Charts.latencyVsBatch(List.of()))
                .hasMessage("latency vs batch: no SampleTime row of a model benchmark");

        assertThatThrownBy(() -> Charts.latencyThroughputTradeoff(rows.subList(0, 2)))
                .hasMessage(
                        "trade-off: no SampleTime row of a model benchmark with a latency and a throughput");
        MachineProfile noCeilings = Fixtures.machine(List.of());
        assertThatThrownBy(() -> Charts.roofline(rows, noCeilings))
                .hasMessage("roofline: the machine profile has no GEMM and bandwidth ceilings");
    }

    /**
     * A tuning run: 12 launch sets x 2 thread counts x batch 1 and 8 of one model. Each launch set
     * and thread count is its own line (24, not 2 lines zig-zagging through the launch sets), named
     * by what varies; model, inter-op threads and callers, shared, said once.
     */
    @Test
    void aSeriesPerConfigurationIdentityLaunchSetIncluded() {
        List<DerivedRow> tuning = new ArrayList<>();
        for (int l = 0; l < 12; l++) {
            for (int threads = 1; threads <= 2; threads++) {
                for (int batch : new int[] {1, 8}) {
                    tuning.add(
                            TestRows.sample(
                                    "resnet50",
                                    "launch" + l,
                                    batch,
                                    threads,
                                    0,
                                    1,
                                    60.0 * batch / threads + l));
                }
            }
        }
        for (JFreeChart chart :
                List.of(
                        Charts.latencyVsBatch(tuning),
                        Charts.throughputVsBatch(tuning),
                        Charts.latencyThroughputTradeoff(tuning))) {
            XYDataset data = chart.getXYPlot().getDataset();
            assertThat(data.getSeriesCount()).as(chart.getTitle().getText()).isEqualTo(24);
            for (int s = 0; s < 24; s++) {
                assertThat(data.getItemCount(s)).isEqualTo(2);
            }
            assertThat(data.getSeriesKey(0)).isEqualTo("launch launch0, 1 thread");
            assertThat(data.getSeriesKey(23)).isEqualTo("launch launch11, 2 threads");
            assertThat(((TextTitle) chart.getSubtitle(0)).getText())
                    .isEqualTo("all: resnet50, inter-op default, 1 caller");
            assertDistinctStyles(chart.getXYPlot(), 0);
        }
        // the roofline: the same 24 identities after its two roofs
        XYPlot roofline = Charts.roofline(tuning, MACHINE).getXYPlot();
        assertThat(roofline.getDataset().getSeriesCount()).isEqualTo(2 + 24);
        assertDistinctStyles(roofline, 2);
    }

    /** Inter-op threads that vary make their own series, named by them. */
    @Test
    void interOpThreadsThatVaryAreTheirOwnSeries() {
        List<DerivedRow> two =
                List.of(
                        TestRows.sample("mlp", "", 1, 2, 0, 1, 1.0),
                        TestRows.sample("mlp", "", 8, 2, 0, 1, 2.0),
                        TestRows.sample("mlp", "", 1, 2, 1, 1, 1.5),
                        TestRows.sample("mlp", "", 8, 2, 1, 1, 2.5));
        XYDataset data = Charts.latencyVsBatch(two).getXYPlot().getDataset();
        assertThat(data.getSeriesCount()).isEqualTo(2);
        assertThat(data.getSeriesKey(0)).isEqualTo("inter-op default");
        assertThat(data.getSeriesKey(1)).isEqualTo("inter-op 1");
    }

    /** However many series: no two share both colour and marker shape. */
    @Test
    void noTwoSeriesShareColourAndShapeAtAnyCount() {
        List<DerivedRow> many = new ArrayList<>();
        for (int m = 0; m < 20; m++) {
            for (int callers = 1; callers <= 15; callers++) {
                many.add(TestRows.sample("model" + m, "", 1, 1, 0, callers, 1.0 + m + callers));
            }
        }
        XYPlot plot = Charts.latencyVsBatch(many).getXYPlot();
        assertThat(plot.getDataset().getSeriesCount()).isEqualTo(300);
        assertDistinctStyles(plot, 0);
        // neighbours differ in colour or shape too, not only far apart series
        assertThat(SeriesStyle.colour(0)).isNotEqualTo(SeriesStyle.colour(1));
        assertThat(ShapeUtils.equal(SeriesStyle.shape(0), SeriesStyle.shape(1))).isFalse();
    }

    /** A chart's title and subtitle fit the PNG's width in their own font. */
    @Test
    void titlesFitTheWidth() {
        List<DerivedRow> tuning = new ArrayList<>();
        for (int l = 0; l < 12; l++) {
            tuning.add(TestRows.sample("resnet50", "mkl-vendor-dispatch-" + l, 1, 1, 0, 1, 60));
        }
        List<JFreeChart> charts = new ArrayList<>();
        for (List<DerivedRow> r : List.of(rows, tuning)) {
            charts.add(Charts.latencyVsBatch(r));
            charts.add(Charts.throughputVsBatch(r));
            charts.add(Charts.latencyThroughputTradeoff(r));
            charts.add(Charts.roofline(r, MACHINE));
        }
        charts.add(
                Charts.layerMacs(
                        new LayerMacs(
                                "bert_base:seq=512",
                                32,
                                List.of(
                                        new LayerMacs.Layer(
                                                "1.0.body.query", "Linear", 357_574_901_760L)))));
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        for (JFreeChart chart : charts) {
            List<Title> titles = new ArrayList<>(List.of(chart.getTitle()));
            for (int i = 0; i < chart.getSubtitleCount(); i++) {
                if (chart.getSubtitle(i) instanceof TextTitle t) {
                    titles.add(t);
                }
            }
            for (Title t : titles) {
                TextTitle text = (TextTitle) t;
                int width = g.getFontMetrics(text.getFont()).stringWidth(text.getText());
                assertThat(width).as(text.getText()).isLessThan(ChartFiles.WIDTH - 2 * 20);
            }
        }
    }

    /**
     * Every layer with MACs is a bar named by its place in execution order and its name; the PNG
     * grows so each bar gets room for its label.
     */
    @Test
    void layerMacsNamesEveryLayerInExecutionOrder() {
        LayerMacs profile =
                new LayerMacs(
                        "tiny",
                        1,
                        List.of(
                                new LayerMacs.Layer("features.conv", "Conv2d 3x3 s1 p1 g1", 300),
                                new LayerMacs.Layer("features.relu", "ReLU", 0),
                                new LayerMacs.Layer("classifier.fc", "", 100)));
        JFreeChart chart = Charts.layerMacs(profile);
        CategoryPlot plot = chart.getCategoryPlot();
        assertThat(plot.getOrientation()).isEqualTo(PlotOrientation.HORIZONTAL);
        assertThat(plot.getDataset().getColumnKeys())
                .containsExactly("#0 features.conv Conv2d 3x3 s1 p1 g1", "#2 classifier.fc");
        assertThat(plot.getDataset().getValue(0, 1).doubleValue()).isEqualTo(100 / 1e6);
        assertThat(ChartFiles.height(chart)).isEqualTo(ChartFiles.HEIGHT);

        List<LayerMacs.Layer> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(new LayerMacs.Layer("block" + i, "", 1000 + i));
        }
        JFreeChart big = Charts.layerMacs(new LayerMacs("deep", 1, many));
        CategoryPlot bars = big.getCategoryPlot();
        // the 99 with most MACs (block51 .. block149) in execution order, the other 51 summed
        assertThat(bars.getDataset().getColumnCount()).isEqualTo(Charts.MAX_LAYERS);
        assertThat(bars.getDataset().getColumnKey(0)).isEqualTo("#51 block51");
        assertThat(bars.getDataset().getColumnKey(Charts.MAX_LAYERS - 1))
                .isEqualTo("other 51 layers");
        long rest = 0;
        for (int i = 0; i <= 50; i++) {
            rest += 1000 + i;
        }
        assertThat(bars.getDataset().getValue(0, Charts.MAX_LAYERS - 1).doubleValue())
                .isCloseTo(rest / 1e6, within(1e-12));
        assertThat(ChartFiles.height(big))
                .isGreaterThanOrEqualTo(Charts.MAX_LAYERS * ChartFiles.PIXELS_PER_BAR);
    }

    /** The axes of every chart tick at round values (here: the golden run's). */
    @Test
    void everyLogAxisTicksAtRoundValues() {
        for (JFreeChart chart :
                List.of(
                        Charts.latencyVsBatch(rows),
                        Charts.throughputVsBatch(rows),
                        Charts.latencyThroughputTradeoff(rows),
                        Charts.roofline(rows, MACHINE))) {
            XYPlot plot = chart.getXYPlot();
            for (var axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
                assertThat(axis).isInstanceOf(RoundLogAxis.class);
                List<RoundLogAxis.Tick> ticks = ((RoundLogAxis) axis).ticks();
                assertThat(ticks).as(axis.getLabel()).hasSizeGreaterThanOrEqualTo(3);
                for (RoundLogAxis.Tick t : ticks) {
                    // at most two significant digits: 20, 0.5, 1,000, 0.15
                    assertThat(
                                    new BigDecimal(t.label().replace(",", ""))
                                            .stripTrailingZeros()
                                            .precision())
                            .as(axis.getLabel() + ": " + t.label())
                            .isLessThanOrEqualTo(2);
                }
            }
        }
    }

    private static void assertDistinctStyles(XYPlot plot, int from) {
        XYItemRenderer r = plot.getRenderer();
        int n = plot.getDataset().getSeriesCount();
        for (int a = from; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                boolean sameColour = r.getSeriesPaint(a).equals(r.getSeriesPaint(b));
                boolean sameShape = ShapeUtils.equal(r.getSeriesShape(a), r.getSeriesShape(b));
                assertThat(sameColour && sameShape)
                        .as(
                                "series %d and %d: %s and %s",
                                a,
                                b,
                                plot.getDataset().getSeriesKey(a),
                                plot.getDataset().getSeriesKey(b))
                        .isFalse();
            }
        }
    }

    private static long pixels(BufferedImage image, Color colour) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }
}
