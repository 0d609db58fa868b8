package org.effbench.serve;

/**
 * A service of fixed duration and no model, for checking the load generator against queueing
 * theory: each batch busy-spins for exactly its service time on the ticker (a sleep would overrun
 * by the kernel's timer slack, 50-100 us and variable, so the service would be neither fixed nor
 * known; spinning holds to about a microsecond, at the cost of one core per busy worker). It can
 * stall once: call number {@code stallAt} (counted from 1 since the last {@link #reset}) takes
 * {@code stallNanos} longer, as a garbage-collection pause or a page fault storm would.
 */
public final class SyntheticService implements Service {

    private final Ticker ticker;
    private final long serviceNanos;
    private final long stallAt;
    private final long stallNanos;
    private long calls;

    /**
     * @param stallAt the call that stalls; 0 for none
     */
    public SyntheticService(Ticker ticker, long serviceNanos, long stallAt, long stallNanos) {
        this.ticker = ticker;
        this.serviceNanos = serviceNanos;
        this.stallAt = stallAt;
        this.stallNanos = stallNanos;
    }

    /** Counts calls from zero again (each run sees its own stall). */
    public synchronized void reset() {
        calls = 0;
    }

    @Override
    public void prepare(int worker) {
        serve(worker, 1); // compiles the spin loop before anything is measured
        reset();
    }

    @Override
    public void serve(int worker, int size) {
        long end = ticker.nanoTime() + serviceNanos;
        synchronized (this) {
            if (++calls == stallAt) {
                end += stallNanos;
            }
        }
        while (ticker.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {}
}
