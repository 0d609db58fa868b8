package org.effbench.report.plot;

import java.io.IOException;
import java.nio.file.Path;
import org.effbench.base.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** Writes charts as PNG, atomically. */
public final class ChartFiles {

    public static final int WIDTH = 1000;
    public static final int HEIGHT = 600;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartFiles() {}

    public static Path png(JFreeChart chart, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(AtomicFiles.partialOf(file).toFile(), chart, WIDTH, HEIGHT);
        return AtomicFiles.publish(file);
    }
}
