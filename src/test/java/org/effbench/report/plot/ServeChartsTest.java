package org.effbench.report.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve charts from hand-made points: a series per percentile holding the points' values in
 * order of rate, the bound and the capacity as markers at their values, invalid points hollow and
 * points stopped early crossed, each explained in the legend.
 */
class ServeChartsTest {

    @TempDir Path dir;

    /** Hand-made probes, out of order as a bisection runs them; 24/s invalid and stopped early. */
    static final List<ServeCharts.Point> POINTS =
            List.of(
                    new ServeCharts.Point(12, 12, 40, 60, 80, true, false),
                    new ServeCharts.Point(24, 20, 300, 900, 1500, false, true),
                    new ServeCharts.Point(6, 6, 35, 45, 50, true, false),
                    new ServeCharts.Point(18, 17.5, 55, 90, 140, true, false));

    static ServeCharts.Run run() {
        return new ServeCharts.Run(
                "resnet18, 1 worker x 2 threads",
                "p99",
                100,
                List.of(new ServeCharts.Curve("", POINTS, 12, true, 25)));
    }

    @Test
    void latencyHasASeriesPerPercentileInOrderOfRate() {
        XYDataset data = ServeCharts.latency(run()).getXYPlot().getDataset();
        assertThat(data.getSeriesCount()).isEqualTo(3);
        assertThat(data.getSeriesKey(0)).isEqualTo("p50");
        assertThat(data.getSeriesKey(2)).isEqualTo("p99");
        assertThat(data.getItemCount(2)).isEqualTo(4);
        double[] rates = new double[4];
        for (int i = 0; i < 4; i++) {
            rates[i] = data.getXValue(2, i);
        }
        assertThat(rates).containsExactly(6, 12, 18, 24);
        // p99 at 18/s is 140 ms, p50 at 6/s 35 ms: the hand-made values
        assertThat(data.getYValue(2, 2)).isEqualTo(140);
        assertThat(data.getYValue(0, 0)).isEqualTo(35);
    }

    @Test
    void theBoundIsAHorizontalLineAndTheCapacityAVerticalOneLabelled() {
        XYPlot plot = ServeCharts.latency(run()).getXYPlot();
        List<ValueMarker> horizontal = markers(plot.getRangeMarkers(Layer.FOREGROUND));
        assertThat(horizontal).hasSize(1);
        assertThat(horizontal.get(0).getValue()).isEqualTo(100);
        assertThat(horizontal.get(0).getLabel()).isEqualTo("bound: p99 <= 100 ms");
        List<ValueMarker> vertical = markers(plot.getDomainMarkers(Layer.FOREGROUND));
        assertThat(vertical).extracting(ValueMarker::getValue).containsExactly(12.0, 25.0);
        assertThat(vertical.get(0).getLabel()).isEqualTo("capacity 12.0/s");
        assertThat(vertical.get(1).getLabel()).isEqualTo("Offline 25.0/s");
        // the bound lies within the y axis, so the line is drawn
        assertThat(plot.getRangeAxis().getRange().contains(100)).isTrue();
    }

    @Test
    void invalidPointsAreHollowAndPointsStoppedEarlyCrossedAsTheLegendSays() {
        for (JFreeChart chart :
                List.of(ServeCharts.latency(run()), ServeCharts.throughput(run()))) {
            XYPlot plot = chart.getXYPlot();
            XYItemRenderer r = plot.getRenderer();
            assertThat(r).isInstanceOf(org.jfree.chart.renderer.xy.XYLineAndShapeRenderer.class);
            var lines = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) r;
            // item 3 is 24/s (sorted), the invalid one; item 2 (18/s) is valid
            assertThat(lines.getItemShapeFilled(0, 3)).isFalse();
            assertThat(lines.getItemShapeFilled(0, 2)).isTrue();
            assertThat(lines.getItemShape(0, 3)).isNotEqualTo(lines.getItemShape(0, 2));
            List<String> legend = new ArrayList<>();
            legend.addAll(labels(plot));
            assertThat(legend).contains(ServeCharts.HOLLOW, ServeCharts.CROSS);
        }
    }

    @Test
    void aRunOfValidPointsHasNoHollowOrCrossInItsLegend() {
        ServeCharts.Run valid =
                new ServeCharts.Run(
                        "",
                        "p99",
                        100,
                        List.of(new ServeCharts.Curve("", POINTS.subList(2, 4), 18, true, 25)));
        List<String> legend = new ArrayList<>();
        legend.addAll(labels(ServeCharts.latency(valid).getXYPlot()));
        assertThat(legend).containsExactly("p50", "p90", "p99");
    }

    @Test
    void throughputHasTheIdentityLineAndTheOfflineThroughput() {
        XYPlot plot = ServeCharts.throughput(run()).getXYPlot();
        XYDataset data = plot.getDataset();
        assertThat(data.getSeriesKey(0)).isEqualTo("achieved");
        assertThat(data.getYValue(0, 3)).isEqualTo(20);
        assertThat(data.getSeriesKey(1)).isEqualTo("achieved = offered");
        assertThat(data.getYValue(1, 1)).isEqualTo(data.getXValue(1, 1));
        List<ValueMarker> horizontal = markers(plot.getRangeMarkers(Layer.FOREGROUND));
        assertThat(horizontal).extracting(ValueMarker::getValue).containsExactly(25.0);
        assertThat(horizontal.get(0).getLabel()).isEqualTo("Offline 25.0/s");
    }

    @Test
    void severalConfigurationsAreNamedInTheLegend() {
        ServeCharts.Run two =
                new ServeCharts.Run(
                        "resnet18",
                        "p99",
                        100,
                        List.of(
                                new ServeCharts.Curve("max batch 1", POINTS, 12, true, 25),
                                new ServeCharts.Curve("max batch 4", POINTS, 18, false, 30)));
        XYPlot plot = ServeCharts.latency(two).getXYPlot();
        // p50 and p99 of each: p90 too would crowd the chart
        assertThat(plot.getDataset().getSeriesCount()).isEqualTo(4);
        assertThat(plot.getDataset().getSeriesKey(2)).isEqualTo("max batch 4, p50");
        // each capacity in the legend, on its p99 entry, and as a line in its colour: labels on
        // the lines would overlap at the top
        assertThat(plot.getDataset().getSeriesKey(1))
                .isEqualTo("max batch 1, p99; capacity 12.0/s");
        assertThat(plot.getDataset().getSeriesKey(3))
                .isEqualTo("max batch 4, p99; capacity 18.0/s (invalid)");
        List<ValueMarker> vertical = markers(plot.getDomainMarkers(Layer.FOREGROUND));
        assertThat(vertical).extracting(ValueMarker::getValue).containsExactly(12.0, 18.0);
        assertThat(vertical).extracting(Marker::getLabel).containsOnlyNulls();
        assertThat(vertical)
                .extracting(Marker::getPaint)
                .containsExactly(SeriesStyle.colour(0), SeriesStyle.colour(1));
        XYPlot throughput = ServeCharts.throughput(two).getXYPlot();
        assertThat(throughput.getDataset().getSeriesKey(1))
                .isEqualTo("max batch 4; capacity 18.0/s (invalid)");
        assertThat(markers(throughput.getRangeMarkers(Layer.FOREGROUND)))
                .extracting(Marker::getLabel)
                .containsExactly("max batch 1: Offline 25.0/s", "max batch 4: Offline 30.0/s");
    }

    @Test
    void aRunWithoutPointsIsRefused() {
        assertThatThrownBy(
                        () ->
                                new ServeCharts.Run(
                                        "",
                                        "p99",
                                        100,
                                        List.of(
                                                new ServeCharts.Curve(
                                                        "", List.of(), Double.NaN, false, 25))))
                .hasMessage("serve chart: the run has no load point");
    }

    @Test
    void bothChartsAreWrittenAsPng() throws Exception {
        List<Path> written = ServeCharts.write(run(), dir);
        assertThat(written)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(ServeCharts.LATENCY_FILE, ServeCharts.THROUGHPUT_FILE);
        for (Path p : written) {
            BufferedImage image = ImageIO.read(p.toFile());
            assertThat(image.getWidth()).isEqualTo(ChartFiles.WIDTH);
            assertThat(image.getHeight()).isEqualTo(ChartFiles.HEIGHT);
        }
    }

    private static List<String> labels(XYPlot plot) {
        List<String> out = new ArrayList<>();
        LegendItemCollection items = plot.getFixedLegendItems();
        for (int i = 0; i < items.getItemCount(); i++) {
            out.add(items.get(i).getLabel());
        }
        return out;
    }

    private static List<ValueMarker> markers(Collection<?> markers) {
        List<ValueMarker> out = new ArrayList<>();
        if (markers != null) {
            markers.forEach(m -> out.add((ValueMarker) m));
        }
        return out;
    }
}
