package org.effbench.serve;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Durations as serve's options take them: {@code 100ms}, {@code 0.5s}, {@code 250us}. */
public final class Durations {

    private static final Map<String, Long> NANOS = new LinkedHashMap<>();

    static {
        NANOS.put("ns", 1L);
        NANOS.put("us", 1_000L);
        NANOS.put("ms", 1_000_000L);
        NANOS.put("s", 1_000_000_000L);
    }

    /** What is accepted, in the words of an error. */
    public static final String ACCEPTED = "a duration such as 100ms, 0.5s or 250us";

    private Durations() {}

    /**
     * {@code text} in nanoseconds, at least {@code minNanos}.
     *
     * @throws IllegalArgumentException {@code "--p99 abc is not accepted; accepted: a duration such
     *     as 100ms, 0.5s or 250us"}
     */
    public static long parse(String name, String text, long minNanos) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (String unit : new String[] {"ns", "us", "ms", "s"}) {
            if (t.endsWith(unit)) {
                try {
                    long nanos =
                            new BigDecimal(t.substring(0, t.length() - unit.length()).strip())
                                    .multiply(BigDecimal.valueOf(NANOS.get(unit)))
                                    .longValueExact();
                    if (nanos >= minNanos) {
                        return nanos;
                    }
                } catch (NumberFormatException | ArithmeticException e) {
                    // named below
                }
                break;
            }
        }
        throw new IllegalArgumentException(
                name
                        + " '"
                        + text
                        + "' is not accepted; accepted: "
                        + ACCEPTED
                        + (minNanos == 0
                                ? ", 0 or more"
                                : minNanos == 1 ? ", above 0" : ", at least " + minNanos + "ns"));
    }

    /**
     * {@code nanos} as {@link #parse} reads it back, in the largest unit that holds it whole:
     * {@code 300ms}, {@code 2s}, {@code 250us}; 0 is {@code 0ms}. Also file-name safe.
     */
    public static String text(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a duration is not negative: " + nanos + " ns");
        }
        if (nanos == 0) {
            return "0ms";
        }
        for (String unit : new String[] {"s", "ms", "us", "ns"}) {
            long per = NANOS.get(unit);
            if (nanos % per == 0) {
                return nanos / per + unit;
            }
        }
        throw new AssertionError("1 ns divides every duration");
    }

    /**
     * A rate in queries/s, above 0.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static double rate(String name, String text) {
        try {
            double r = Double.parseDouble(text.strip());
            if (r > 0 && Double.isFinite(r)) {
                return r;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException(
                name + " '" + text + "' is not accepted; accepted: queries per second above 0");
    }
}
