package org.effbench.serve;

import java.util.Objects;

/**
 * One load point: its arrivals, the batcher, when to stop early, and (Offline) when workers stop
 * taking requests.
 *
 * @param rate the offered rate in queries/s; NaN for the Offline run
 * @param arrival how the schedule was drawn (null for the Offline run)
 * @param takeUntilNanos no batch starts at or after this time; {@link Long#MAX_VALUE}: every
 *     arrival is served
 */
public record PointPlan(
        double rate,
        Arrival arrival,
        Schedule schedule,
        BatchPolicy policy,
        StopRule stop,
        long takeUntilNanos) {

    public PointPlan {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(stop, "stop");
    }

    /** An open-loop point: {@code rate} queries/s, every arrival served unless stopped early. */
    public static PointPlan open(
            double rate,
            Arrival arrival,
            RunLength length,
            long seed,
            BatchPolicy policy,
            StopRule stop) {
        return new PointPlan(
                rate, arrival, arrival.schedule(rate, length, seed), policy, stop, Long.MAX_VALUE);
    }

    /**
     * The Offline run: every request there at once, workers taking full batches for {@code nanos};
     * its throughput is the most the workers complete (MLPerf LoadGen's Offline scenario).
     */
    public static PointPlan offline(BatchPolicy policy, long nanos) {
        return new PointPlan(
                Double.NaN,
                null,
                Schedule.offline(Integer.MAX_VALUE),
                policy,
                StopRule.NEVER,
                nanos);
    }

    public boolean isOffline() {
        return schedule.isOffline();
    }
}
