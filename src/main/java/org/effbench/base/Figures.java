package org.effbench.base;

import java.util.Locale;

/** How a measured figure is written for people: the console's lines and the verdict alike. */
public final class Figures {

    private Figures() {}

    /** Three significant digits, thousands separated: 0.0962, 3.45, 17.5, 17,541. */
    public static String threeDigits(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * {@code 5}, {@code 2.5}, {@code NaN}: a number as it would be typed, no trailing {@code .0}.
     */
    public static String asTyped(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
