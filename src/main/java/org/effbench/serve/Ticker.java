package org.effbench.serve;

import java.util.concurrent.locks.LockSupport;

/**
 * Time as the load generator reads and waits for it, so the threaded run uses the machine's clock
 * and tests never depend on one (the {@link Simulation} keeps its own).
 */
public interface Ticker {

    /** Now, in nanoseconds from an arbitrary origin (as {@link System#nanoTime()}). */
    long nanoTime();

    /** Returns at {@code deadline} (same origin) or just after it. */
    void sleepUntil(long deadline) throws InterruptedException;

    /**
     * The machine's clock. A wait parks until {@value #SPIN_NANOS} ns before its deadline and spins
     * the rest: a parked thread wakes 50-100 us late on Linux (its timer slack), which would be
     * counted as queueing delay; spinning the last 200 us costs that much CPU per wait.
     */
    Ticker SYSTEM =
            new Ticker() {
                @Override
                public long nanoTime() {
                    return System.nanoTime();
                }

                @Override
                public void sleepUntil(long deadline) throws InterruptedException {
                    long left;
                    while ((left = deadline - System.nanoTime()) > SPIN_NANOS) {
                        LockSupport.parkNanos(left - SPIN_NANOS);
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                    }
                    while (System.nanoTime() - deadline < 0) {
                        Thread.onSpinWait();
                    }
                }
            };

    /** The last stretch of a wait that is spun, not parked. */
    long SPIN_NANOS = 200_000;
}
