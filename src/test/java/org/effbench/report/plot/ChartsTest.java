package org.effbench.report.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.effbench.Fixtures;
import org.effbench.energy.EnergyTable;
import org.effbench.energy.PowerEstimate;
import org.effbench.jmh.JmhJson;
import org.effbench.machine.MachineProfile;
import org.effbench.report.Column;
import org.effbench.report.DerivedRow;
import org.effbench.report.Deriver;
import org.effbench.metrics.StaticMetrics;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts of the golden run exist, are real images with something drawn, and empty data is refused by name. */
class ChartsTest {

    static final MachineProfile MACHINE = Fixtures.MACHINE;

    private static List<DerivedRow> rows;

    @TempDir
    Path dir;

    @BeforeAll
    static void derive() throws Exception {
        rows = new Deriver("run", Optional.of(MACHINE),
                (m, in, b) -> Optional.of(new StaticMetrics(668_672, 669_706, 2_058, 3_136, 12_345)),
                PowerEstimate.DEFAULT, EnergyTable.horowitz45nm())
                .derive(JmhJson.parse("f", Fixtures.jmh("all-modes-2-callers.json")).results());
    }

    @Test
    void everyRunChartIsANonEmptyPng() throws Exception {
        List<JFreeChart> charts = List.of(Charts.latencyVsBatch(rows), Charts.throughputVsBatch(rows),
                Charts.latencyThroughputTradeoff(rows), Charts.roofline(rows, MACHINE));
        int i = 0;
        for (JFreeChart chart : charts) {
            Path png = ChartFiles.png(chart, dir.resolve("chart" + i++ + ".png"));
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(ChartFiles.WIDTH);
            assertThat(distinctColours(image)).as(png.getFileName().toString()).isGreaterThan(5);
        }
    }

    @Test
    void aLatencyOnlyRunStillShowsThroughputAndTheTradeOffDerivedFromIt() {
        List<DerivedRow> sampleOnly = rows.stream().filter(r -> r.text(Column.JMH_MODE).equals("sample")).toList();
        assertThat(sampleOnly).isNotEmpty();

        assertThat(Charts.throughputVsBatch(sampleOnly).getTitle().getText())
                .isEqualTo("Throughput (derived: callers x batch / mean latency)");
        assertThat(Charts.throughputVsBatch(rows).getTitle().getText()).isEqualTo("Throughput (Throughput mode)");
        assertThat(Charts.latencyThroughputTradeoff(sampleOnly).getXYPlot().getDataset().getItemCount(0)).isPositive();
    }

    @Test
    void aChartWithNothingToDrawIsRefusedByName() {
        assertThatThrownBy(() -> Charts.latencyVsBatch(List.of()))
                .hasMessage("latency vs batch: no SampleTime rows");
        assertThatThrownBy(() -> Charts.latencyThroughputTradeoff(rows.subList(0, 2)))
                .hasMessage("trade-off: no SampleTime row with a latency and a throughput");
        MachineProfile noCeilings = Fixtures.machine(List.of());
        assertThatThrownBy(() -> Charts.roofline(rows, noCeilings))
                .hasMessage("roofline: the machine profile has no GEMM and bandwidth ceilings");
    }

    private static long distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
