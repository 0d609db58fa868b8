package org.effbench.report.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

/**
 * A log axis whose ticks sit at round values a reader takes in at a glance, labelled as plain
 * numbers: powers of two (batch sizes: 1, 2, 4, 8), or 1-2-5 per decade (10, 20, 50, 100), powers
 * of ten over many decades, and evenly spaced round steps (14, 16, 18, 20) when the range is less
 * than a decade. JFreeChart's own log axis puts them at 10^(k/n), labelled {@code 63,095.734}.
 */
public final class RoundLogAxis extends LogAxis {

    private static final long serialVersionUID = 1L;

    /** Fewest and most ticks an axis gets. */
    static final int MIN_TICKS = 3;

    static final int MAX_TICKS = 12;

    /** One tick: where, and what it reads. */
    public record Tick(double value, String label) {}

    private final boolean powersOfTwo;

    /**
     * @param powersOfTwo ticks at 1, 2, 4, 8 ... (batch sizes); else 1-2-5 per decade
     */
    public RoundLogAxis(String label, boolean powersOfTwo) {
        super(label);
        this.powersOfTwo = powersOfTwo;
        setBase(powersOfTwo ? 2 : 10);
        setSmallestValue(1e-12);
        setMinorTickMarksVisible(false);
    }

    /**
     * Fits the axis to data from {@code lo} to {@code hi} (both positive) with a little room on
     * each side; a single value gets a factor of two on each side, so the axis still has round
     * ticks.
     */
    public void fit(double lo, double hi) {
        if (!(lo > 0) || !(hi >= lo)) {
            throw new IllegalArgumentException(
                    "axis range " + lo + " to " + hi + " is not positive");
        }
        double pad = hi / lo < 1.0001 ? 2 : Math.max(1.08, Math.pow(hi / lo, 0.06));
        setAutoRange(false);
        setRange(new Range(lo / pad, hi * pad), true, false);
    }

    /** The ticks of the axis' current range. */
    public List<Tick> ticks() {
        return ticks(getLowerBound(), getUpperBound(), powersOfTwo);
    }

    @Override
    public List refreshTicks(
            Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor;
        if (RectangleEdge.isTopOrBottom(edge)) {
            anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
        } else {
            anchor = edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
        }
        List<NumberTick> out = new ArrayList<>();
        for (Tick t : ticks()) {
            out.add(new NumberTick(TickType.MAJOR, t.value(), t.label(), anchor, anchor, 0.0));
        }
        return out;
    }

    /**
     * Round ticks between {@code lo} and {@code hi}.
     *
     * @param powersOfTwo powers of two where the range holds at least {@link #MIN_TICKS} of them,
     *     between 0.125 and 65,536 (beyond, their digits are no longer round to read)
     */
    public static List<Tick> ticks(double lo, double hi, boolean powersOfTwo) {
        if (!(lo > 0) || !(hi > lo)) {
            throw new IllegalArgumentException(
                    "axis range " + lo + " to " + hi + " is not positive");
        }
        if (powersOfTwo && lo >= 0.1 && hi <= 1e5) {
            int from = (int) Math.ceil(log2(lo) - 1e-9);
            int to = (int) Math.floor(log2(hi) + 1e-9);
            if (to - from + 1 >= MIN_TICKS) {
                int step = 1;
                while ((to - from) / step + 1 > MAX_TICKS) {
                    step++;
                }
                List<Tick> out = new ArrayList<>();
                for (int k = from; k <= to; k += step) {
                    out.add(
                            tick(
                                    BigDecimal.valueOf(2).pow(Math.abs(k), MathContext.DECIMAL64),
                                    k < 0));
                }
                return out;
            }
        }
        int firstDecade = (int) Math.floor(Math.log10(lo) - 1e-9);
        int lastDecade = (int) Math.ceil(Math.log10(hi) + 1e-9);
        List<Tick> oneTwoFive = decades(lo, hi, firstDecade, lastDecade, 1, new int[] {1, 2, 5});
        if (oneTwoFive.size() > MAX_TICKS) {
            // many decades: powers of ten, every step-th
            for (int step = 1; ; step++) {
                List<Tick> tens = decades(lo, hi, firstDecade, lastDecade, step, new int[] {1});
                if (tens.size() <= MAX_TICKS) {
                    return tens;
                }
            }
        }
        if (oneTwoFive.size() >= MIN_TICKS) {
            return oneTwoFive;
        }
        return linear(lo, hi);
    }

    private static List<Tick> decades(
            double lo, double hi, int first, int last, int step, int[] mantissas) {
        List<Tick> out = new ArrayList<>();
        for (int d = first; d <= last; d += step) {
            for (int m : mantissas) {
                BigDecimal v = BigDecimal.valueOf(m).scaleByPowerOfTen(d);
                if (v.doubleValue() >= lo * (1 - 1e-9) && v.doubleValue() <= hi * (1 + 1e-9)) {
                    out.add(tick(v, false));
                }
            }
        }
        return out;
    }

    /**
     * Evenly spaced multiples of a 1, 2 or 5 x 10^k step: the largest step that gives at least four
     * ticks (the next larger gave at most three, so there are at most eleven).
     */
    private static List<Tick> linear(double lo, double hi) {
        int exp = (int) Math.ceil(Math.log10(hi - lo));
        int[] mantissas = {5, 2, 1};
        for (int k = 0; ; k++) {
            BigDecimal step =
                    BigDecimal.valueOf(mantissas[k % 3]).scaleByPowerOfTen(exp - 1 - k / 3);
            double s = step.doubleValue();
            long first = (long) Math.ceil(lo / s - 1e-9);
            long last = (long) Math.floor(hi / s + 1e-9);
            if (last - first + 1 >= 4) {
                List<Tick> out = new ArrayList<>();
                for (long i = first; i <= last; i++) {
                    out.add(tick(step.multiply(BigDecimal.valueOf(i)), false));
                }
                return out;
            }
        }
    }

    private static Tick tick(BigDecimal v, boolean reciprocal) {
        BigDecimal value = reciprocal ? BigDecimal.ONE.divide(v, MathContext.DECIMAL64) : v;
        DecimalFormat plain =
                new DecimalFormat(
                        "#,##0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return new Tick(value.doubleValue(), plain.format(value.stripTrailingZeros()));
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
