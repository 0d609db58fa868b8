package org.effbench.jmh;

import java.util.Map;

/**
 * JMH's score units ({@code ms/op}, {@code ops/s}, …) converted to seconds per op or ops per
 * second.
 */
public final class TimeUnits {

    private static final Map<String, Double> SECONDS =
            Map.of(
                    "ns", 1e-9, "us", 1e-6, "\u00b5s", 1e-6, "ms", 1e-3, "s", 1.0, "min", 60.0,
                    "hr", 3600.0);

    private TimeUnits() {}

    /** A time-per-op score in milliseconds per op; NaN for a unit that is not time per op. */
    public static double millisPerOp(double score, String unit) {
        if (!unit.endsWith("/op")) {
            return Double.NaN;
        }
        Double s = SECONDS.get(unit.substring(0, unit.length() - 3));
        return s == null ? Double.NaN : score * s * 1e3;
    }

    /** An ops-per-time score in ops per second; NaN for a unit that is not ops per time. */
    public static double opsPerSecond(double score, String unit) {
        if (!unit.startsWith("ops/")) {
            return Double.NaN;
        }
        Double s = SECONDS.get(unit.substring(4));
        return s == null ? Double.NaN : score / s;
    }
}
