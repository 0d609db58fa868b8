package org.effbench.serve;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a serve run is asked: the batcher, the arrival process, the run length (and with it the
 * validity minimums), the p99 bound, the seed of the arrivals, and either one rate to run or none
 * (search the capacity).
 *
 * @param offlineNanos how long the Offline run takes batches
 */
public record ServeSettings(
        BatchPolicy policy,
        Arrival arrival,
        RunLength length,
        long boundNanos,
        long seed,
        OptionalDouble rate,
        long offlineNanos) {

    /** The bounded percentile: p99, as the issue and LoadGen's Server scenario for most models. */
    public static final double PERCENTILE = 99;

    /** The arrivals' seed unless one is given. */
    public static final long SEED = Long.parseLong(ServeOptions.SEED_DEFAULT);

    public ServeSettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(rate, "rate");
        if (boundNanos <= 0 || offlineNanos <= 0) {
            throw new IllegalArgumentException("the bound and the Offline time must be positive");
        }
    }

    public Validity validity() {
        return new Validity(length, boundNanos, PERCENTILE);
    }

    /** Early stops: saturation always; a decided outcome only while searching. */
    public StopRule stopRule(boolean searching) {
        return new StopRule(boundNanos, PERCENTILE, StopRule.SATURATION_FACTOR, searching);
    }

    public PointPlan point(double r, boolean searching) {
        return PointPlan.open(r, arrival, length, seed, policy, stopRule(searching));
    }

    public PointPlan offline() {
        return PointPlan.offline(policy, offlineNanos);
    }
}
