package org.effbench.serve;

import org.effbench.base.Checks;

/**
 * The dynamic batcher in front of the workers (Triton's {@code max_batch_size} and {@code
 * max_queue_delay_microseconds}): a free worker takes up to {@code maxBatch} waiting requests at
 * once; with fewer waiting it takes them when the oldest has waited {@code maxDelayNanos} since its
 * arrival, and until then waits for more. It does not know the schedule ahead: it waits for the
 * delay even when no request will come. {@code maxBatch} 1 is no batching; delay 0 takes whatever
 * is waiting at once.
 */
public record BatchPolicy(int maxBatch, long maxDelayNanos) {

    /** The longest delay accepted: a minute (so a deadline never overflows). */
    public static final long MAX_DELAY_NANOS = 60_000_000_000L;

    /** One request at a time, no waiting. */
    public static final BatchPolicy NONE = new BatchPolicy(1, 0);

    public BatchPolicy {
        Checks.atLeast("max batch", maxBatch, 1);
        if (maxDelayNanos < 0 || maxDelayNanos > MAX_DELAY_NANOS) {
            throw new IllegalArgumentException(
                    "max delay "
                            + maxDelayNanos
                            + " ns is not accepted; accepted: 0 to "
                            + MAX_DELAY_NANOS
                            + " ns (1 min)");
        }
    }

    /**
     * What a free worker does at {@code now}.
     *
     * @param waiting requests arrived and not yet taken
     * @param oldest the arrival time of the oldest waiting one (ignored when none waits)
     * @param nextArrival when the next request will arrive; {@link Long#MAX_VALUE} for none
     */
    public Decision decide(int waiting, long oldest, long nextArrival, long now) {
        if (waiting >= maxBatch) {
            return Decision.take(maxBatch);
        }
        if (waiting > 0) {
            long deadline = oldest + maxDelayNanos;
            return now >= deadline
                    ? Decision.take(waiting)
                    : Decision.waitUntil(Math.min(deadline, nextArrival));
        }
        return nextArrival == Long.MAX_VALUE ? Decision.DONE : Decision.waitUntil(nextArrival);
    }

    /**
     * Take {@code take} requests, or (take 0) wait until {@code until}; {@link #DONE}: nothing
     * waits and nothing will arrive.
     */
    public record Decision(int take, long until) {

        public static final Decision DONE = new Decision(0, Long.MAX_VALUE);

        static Decision take(int n) {
            return new Decision(n, 0);
        }

        static Decision waitUntil(long t) {
            return new Decision(0, t);
        }

        public boolean done() {
            return take == 0 && until == Long.MAX_VALUE;
        }
    }
}
