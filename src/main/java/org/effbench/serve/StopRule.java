package org.effbench.serve;

/**
 * When a point stops before its schedule ends.
 *
 * <ul>
 *   <li><b>Saturated</b>: the oldest waiting request has waited more than {@code saturationFactor}
 *       x the latency bound. The queue then grows faster than the workers drain it (offered load
 *       above capacity); a stable queue whose p99 meets the bound almost never holds a request 10x
 *       as long, since its waiting time's tail falls off exponentially. Applied to every open-loop
 *       point.
 *   <li><b>Decided</b> (only while searching): more requests are over the bound, served or still
 *       waiting, than the percentile leaves room for in the whole schedule (more than 1% of its
 *       arrivals for a p99): the point's p99 is over the bound whatever follows.
 * </ul>
 *
 * @param boundNanos the latency bound
 * @param percentile the bounded percentile (99)
 * @param saturationFactor the multiple of the bound a waiting request may reach
 * @param decide whether a point stops once its outcome is decided
 */
public record StopRule(
        long boundNanos, double percentile, double saturationFactor, boolean decide) {

    /** The default multiple of the bound. */
    public static final double SATURATION_FACTOR = 10;

    /** No early stop (the Offline run: everything waits from the start by design). */
    public static final StopRule NEVER =
            new StopRule(Long.MAX_VALUE, 99, Double.POSITIVE_INFINITY, false);

    public StopRule {
        if (boundNanos <= 0 || !(saturationFactor >= 1) || !(percentile > 0 && percentile < 100)) {
            throw new IllegalArgumentException(
                    "stop rule needs a positive bound, a percentile in (0, 100) and a factor >= 1");
        }
    }

    /** How long a waiting request may wait before the point is saturated. */
    public long saturationNanos() {
        double limit = boundNanos * saturationFactor;
        return limit >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) limit;
    }

    /**
     * Whether {@code over} requests over the bound decide that the percentile of {@code planned}
     * requests is over it: more than (1 - p/100) x planned of them.
     */
    public boolean decided(long over, int planned) {
        return decide && over > planned * (1 - percentile / 100);
    }

    /** Why a point stopped. */
    public enum Stop {
        /** It ran its schedule to the end. */
        NONE(""),
        SATURATED("saturated"),
        DECIDED("stopped early: over the bound, decided"),
        /** The Offline run's time is up (its untaken requests are not counted). */
        TIME("time up"),
        /** A worker failed; the point's figures are not used. */
        FAILED("a worker failed");

        private final String text;

        Stop(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
