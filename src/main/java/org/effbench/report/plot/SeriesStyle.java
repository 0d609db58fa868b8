package org.effbench.report.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Polygon;
import java.awt.Shape;
import java.awt.Stroke;
import org.jfree.chart.plot.DefaultDrawingSupplier;

/**
 * Colour, marker shape and line dash of a series, from two indices: its colour group (a model, or a
 * launch set) and its place within the group (threads, callers). Any two series that differ in
 * either index differ in colour or in shape, for any number of series: twelve palette colours, then
 * colours spread around the hue circle; ten standard shapes, then polygons with more and more
 * corners.
 */
public final class SeriesStyle {

    /**
     * Distinguishable on white: Okabe-Ito without its yellow, then Paul Tol's indigo, wine, olive,
     * teal and sand.
     */
    static final Color[] PALETTE = {
        new Color(0, 114, 178),
        new Color(213, 94, 0),
        new Color(0, 158, 115),
        new Color(204, 121, 167),
        new Color(86, 180, 233),
        new Color(230, 159, 0),
        new Color(0, 0, 0),
        new Color(51, 34, 136),
        new Color(136, 34, 85),
        new Color(153, 153, 51),
        new Color(68, 170, 153),
        new Color(221, 204, 119)
    };

    private static final Shape[] SHAPES = DefaultDrawingSupplier.createStandardSeriesShapes();

    private static final float[][] DASHES = {null, {8f, 4f}, {2f, 3f}, {8f, 3f, 2f, 3f}};

    private SeriesStyle() {}

    /** The colour of group {@code i}: the palette, then hues spread by the golden angle. */
    public static Color colour(int i) {
        if (i < PALETTE.length) {
            return PALETTE[i];
        }
        int k = i - PALETTE.length;
        float hue = (float) ((k * 0.618033988749895) % 1.0);
        float brightness = 0.45f + 0.1f * (k % 4);
        return Color.getHSBColor(hue, 0.75f, brightness);
    }

    /** The marker of place {@code j} within a group. */
    public static Shape shape(int j) {
        if (j < SHAPES.length) {
            return SHAPES[j];
        }
        int corners = 5 + (j - SHAPES.length);
        Polygon p = new Polygon();
        for (int c = 0; c < corners; c++) {
            double a = 2 * Math.PI * c / corners;
            p.addPoint((int) Math.round(5 * Math.sin(a)), (int) Math.round(-5 * Math.cos(a)));
        }
        return p;
    }

    /** The line of place {@code j} within a group: solid, dashed, dotted, dash-dot, again. */
    public static Stroke line(int j) {
        float[] dash = DASHES[j % DASHES.length];
        return dash == null
                ? new BasicStroke(1.5f)
                : new BasicStroke(
                        1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f);
    }
}
