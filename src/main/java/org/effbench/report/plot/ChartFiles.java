package org.effbench.report.plot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.effbench.base.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;

/**
 * Writes charts as PNG, atomically: drawn and encoded in memory (ImageIO's cache file would fail on
 * a full disk, and its closer thread with it), then written whole or not at all.
 */
public final class ChartFiles {

    public static final int WIDTH = 1000;
    public static final int HEIGHT = 600;

    static {
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false);
    }

    private ChartFiles() {}

    /** Pixels per bar of a horizontal bar chart, so every bar's label reads. */
    static final int PIXELS_PER_BAR = 16;

    /**
     * {@link #HEIGHT}, or taller for a horizontal bar chart with many bars: each bar gets {@link
     * #PIXELS_PER_BAR}, room for its label.
     */
    public static int height(JFreeChart chart) {
        if (chart.getPlot() instanceof CategoryPlot plot
                && plot.getOrientation() == PlotOrientation.HORIZONTAL) {
            int bars = plot.getDataset().getColumnCount();
            return Math.max(HEIGHT, 160 + PIXELS_PER_BAR * bars);
        }
        return HEIGHT;
    }

    /**
     * @throws IOException "cannot write FILE: reason", leaving no partial file
     */
    public static Path png(JFreeChart chart, Path file) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream(1 << 16);
        ChartUtils.writeChartAsPNG(png, chart, WIDTH, height(chart));
        return AtomicFiles.writeBytes(file, png.toByteArray());
    }
}
