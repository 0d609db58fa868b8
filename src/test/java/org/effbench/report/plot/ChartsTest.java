package org.effbench.report.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.effbench.Fixtures;
import org.effbench.energy.EnergyTable;
import org.effbench.energy.PowerEstimate;
import org.effbench.jmh.JmhJson;
import org.effbench.machine.MachineProfile;
import org.effbench.metrics.StaticMetrics;
import org.effbench.report.Column;
import org.effbench.report.DerivedRow;
import org.effbench.report.Deriver;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.TextTitle;
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
                                PowerEstimate.DEFAULT,
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
        assertThat(data.getSeriesKey(2)).isEqualTo("mlp");
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
