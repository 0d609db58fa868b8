package org.effbench.jmh;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JMH's score units ({@code ms/op}, {@code ops/s}, …) converted to seconds per op or ops per
 * second.
 */
public final class TimeUnits {

    /** Seconds per time unit, in the order {@link #ACCEPTED} names them. */
    private static final Map<String, Double> SECONDS = new LinkedHashMap<>();

    static {
        SECONDS.put("ns", 1e-9);
        SECONDS.put("us", 1e-6);
        SECONDS.put("\u00b5s", 1e-6);
        SECONDS.put("ms", 1e-3);
        SECONDS.put("s", 1.0);
        SECONDS.put("min", 60.0);
        SECONDS.put("hr", 3600.0);
    }

    /** The units a score may have, in the words of a warning. */
    public static final String ACCEPTED =
            "TIME/op or ops/TIME with TIME one of " + String.join(", ", SECONDS.keySet());

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

    /** Whether a score in {@code unit} converts: a time per op or ops per time, as accepted. */
    public static boolean understood(String unit) {
        return !Double.isNaN(millisPerOp(1, unit)) || !Double.isNaN(opsPerSecond(1, unit));
    }
}
