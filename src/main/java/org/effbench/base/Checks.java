package org.effbench.base;

/**
 * The one wording for a number that is out of range, so every command, sweep key and benchmark
 * parameter rejects a bad count or figure the same way: the name, the value, and what is accepted.
 */
public final class Checks {

    private Checks() {}

    /**
     * @throws IllegalArgumentException {@code "passes 0 is not accepted; accepted: a whole number
     *     >= 1"}
     */
    public static int atLeast(String name, long value, int min) {
        if (value < min || value > Integer.MAX_VALUE) {
            throw rejected(name, Long.toString(value), min);
        }
        return (int) value;
    }

    /**
     * Parses {@code text} as a whole number of at least {@code min}; the message is {@link
     * #atLeast}'s.
     */
    public static int wholeNumber(String name, String text, int min) {
        try {
            return atLeast(name, Long.parseLong(text.strip()), min);
        } catch (NumberFormatException e) {
            throw rejected(name, "'" + text + "'", min);
        }
    }

    private static IllegalArgumentException rejected(String name, String value, int min) {
        return new IllegalArgumentException(
                name + " " + value + " is not accepted; accepted: a whole number >= " + min);
    }

    /**
     * A real number within a range: above {@code min} (or from it, when {@code minIncluded}) and at
     * most {@code max}; NaN and infinities are not accepted.
     *
     * @param unit what the number counts, for the message
     * @throws IllegalArgumentException {@code "--watts-per-core -3 is not accepted; accepted: a
     *     number > 0 and <= 1000 (watts per busy core)"}
     */
    public static double within(
            String name, double value, double min, boolean minIncluded, double max, String unit) {
        boolean above = minIncluded ? value >= min : value > min;
        if (!(above && value <= max)) {
            throw notWithin(name, Figures.asTyped(value), min, minIncluded, max, unit);
        }
        return value;
    }

    /**
     * Parses {@code text} as a real number within a range; the message is {@link #within}'s, with
     * the text quoted when it is no number.
     */
    public static double within(
            String name, String text, double min, boolean minIncluded, double max, String unit) {
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw notWithin(name, "'" + text + "'", min, minIncluded, max, unit);
        }
        return within(name, value, min, minIncluded, max, unit);
    }

    private static IllegalArgumentException notWithin(
            String name, String value, double min, boolean minIncluded, double max, String unit) {
        return new IllegalArgumentException(
                name
                        + " "
                        + value
                        + " is not accepted; accepted: a number "
                        + (minIncluded ? ">= " : "> ")
                        + Figures.asTyped(min)
                        + " and <= "
                        + Figures.asTyped(max)
                        + " ("
                        + unit
                        + ")");
    }
}
