package org.effbench.serve;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How requests arrive at a target rate: Poisson (exponential gaps drawn from a seeded generator, as
 * MLPerf LoadGen's Server scenario) or constant (one every 1/rate, as wrk2). The whole schedule is
 * drawn before the run starts, so when a request arrives never depends on how fast earlier ones
 * were served (no coordinated omission).
 */
public enum Arrival {
    POISSON,
    CONSTANT;

    /** The names the command line accepts. */
    public static final String ACCEPTED = "poisson or constant";

    /**
     * The arrival times of one run at {@code rate} queries/s: the first at 0, then one after
     * another until both minimums of {@code length} are met (at least its minimum queries, the last
     * of them at or after its minimum duration) or a maximum cuts the schedule short. The same seed
     * gives every rate the same draws, scaled by 1/rate (common random numbers: two rates of a
     * search differ by their rate, not by their luck).
     */
    public Schedule schedule(double rate, RunLength length, long seed) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate " + rate + " is not a positive number");
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] at = new long[16];
        int n = 0;
        double t = 0;
        double gap = 1e9 / rate;
        while (n < length.maxQueries()) {
            // the last arrival at or after the minimum duration, so that the point's duration (its
            // last completion) cannot fall short of it by a service time
            if (n >= length.minQueries() && n > 0 && at[n - 1] >= length.minNanos()) {
                break;
            }
            long when = Math.round(t);
            if (when >= length.maxNanos()) {
                break;
            }
            if (n == at.length) {
                at = Arrays.copyOf(at, n * 2);
            }
            at[n++] = when;
            t += this == POISSON ? -Math.log(1 - random.nextDouble()) * gap : gap;
        }
        return Schedule.of(Arrays.copyOf(at, n));
    }

    /** The name as typed: {@code poisson}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static Arrival parse(String name, String text) {
        for (Arrival a : values()) {
            if (a.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                name + " '" + text + "' is not accepted; accepted: " + ACCEPTED);
    }
}
