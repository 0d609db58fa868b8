package org.effbench.serve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * The highest offered rate that meets the latency bound, by bisection between the highest rate
 * known to meet it and the lowest known to fail (MLPerf LoadGen's FindPeakPerformance bisects the
 * same way between bounds it found). The upper end starts at the Offline throughput: at or above it
 * the workers are busy all the time (utilisation >= 1), the queue has no steady state and the
 * latency grows with the run, so it is taken as failing without being run. Every probe is the
 * middle of the current bracket; a probe that meets the bound raises the lower end, one that fails
 * lowers the upper end, and points known before the search (from an earlier run) narrow the bracket
 * first. It ends when the bracket is within {@code resolution} of its lower end (the capacity is
 * then at most that fraction below the lowest failing rate), or, with nothing met yet, when the
 * upper end has fallen to {@code floor} x the Offline throughput: no rate meets the bound (the
 * service alone is slower than it).
 */
public final class CapacitySearch {

    /** Default resolution: the bracket is within 5% of the capacity found. */
    public static final double RESOLUTION = 0.05;

    /**
     * Default floor: below 1/64 of the Offline throughput (six halvings) no rate meets the bound.
     */
    public static final double FLOOR = 1.0 / 64;

    /** One probed (or known) rate and whether it met the bound. */
    public record Step(double rate, boolean meets) {}

    /**
     * What the search found.
     *
     * @param capacity the highest rate that met the bound below the lowest that failed; empty when
     *     none did
     * @param failing the lowest rate that failed (or the Offline throughput)
     * @param probes the rates probed, in order
     */
    public record Outcome(Optional<Double> capacity, double failing, List<Step> probes) {}

    private final double resolution;
    private final double floor;

    public CapacitySearch(double resolution, double floor) {
        if (!(resolution > 0 && resolution < 1) || !(floor > 0 && floor < 1)) {
            throw new IllegalArgumentException(
                    "resolution and floor must be in (0, 1): " + resolution + ", " + floor);
        }
        this.resolution = resolution;
        this.floor = floor;
    }

    /**
     * @param offline the Offline throughput, queries/s: the upper end
     * @param known points measured before, reused to narrow the bracket
     * @param meets runs a point at a rate and says whether it met the bound
     */
    public Outcome run(double offline, List<Step> known, DoublePredicate meets) {
        if (!(offline > 0) || Double.isInfinite(offline)) {
            throw new IllegalArgumentException(
                    "offline throughput " + offline + " is not positive");
        }
        double upper =
                known.stream()
                        .filter(s -> !s.meets() && s.rate() < offline)
                        .map(Step::rate)
                        .min(Comparator.naturalOrder())
                        .orElse(offline);
        double lo =
                known.stream()
                        .filter(s -> s.meets() && s.rate() < upper)
                        .map(Step::rate)
                        .max(Comparator.naturalOrder())
                        .orElse(0.0);
        double hi = upper;
        List<Step> probes = new ArrayList<>();
        while (lo > 0 ? hi - lo > resolution * lo : hi > floor * offline) {
            double mid = (lo + hi) / 2;
            boolean ok = meets.test(mid);
            probes.add(new Step(mid, ok));
            if (ok) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new Outcome(lo > 0 ? Optional.of(lo) : Optional.empty(), hi, List.copyOf(probes));
    }
}
