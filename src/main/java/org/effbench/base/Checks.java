package org.effbench.base;

/**
 * The one wording for a number that is out of range, so every command, sweep key and benchmark
 * parameter rejects a bad count the same way: the name, the value, and what is accepted.
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
}
