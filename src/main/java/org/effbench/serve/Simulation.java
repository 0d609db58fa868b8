package org.effbench.serve;

import java.util.PriorityQueue;
import org.effbench.base.Checks;

/**
 * The load generator on a simulated clock: the same queue, batcher and stop rules as {@link
 * Workers}, with workers as events in time order and a service whose duration is a function. Tests
 * the rules without real timing, and gives exact references (M/D/1, D/D/1) to compare the real run
 * with.
 */
public final class Simulation implements Driver {

    /** How long a batch of {@code size} takes on {@code worker} when it starts at {@code start}. */
    @FunctionalInterface
    public interface ServiceTime {
        long nanos(int worker, int size, long start);
    }

    private final int workers;
    private final ServiceTime service;

    public Simulation(int workers, ServiceTime service) {
        this.workers = Checks.atLeast("workers", workers, 1);
        this.service = service;
    }

    /** A service that takes {@code nanos} per batch whatever its size. */
    public static ServiceTime fixed(long nanos) {
        return (worker, size, start) -> nanos;
    }

    @Override
    public int workers() {
        return workers;
    }

    /** A worker free at {@code time}; ties go to the lower-numbered worker. */
    private record Free(long time, int worker) implements Comparable<Free> {
        @Override
        public int compareTo(Free o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Integer.compare(worker, o.worker);
        }
    }

    @Override
    public PointResult run(PointPlan plan) {
        LoadQueue queue = new LoadQueue(plan);
        PriorityQueue<Free> free = new PriorityQueue<>();
        for (int w = 0; w < workers; w++) {
            free.add(new Free(0, w));
        }
        while (!free.isEmpty()) {
            Free f = free.poll();
            long now = f.time();
            queue.check(now); // the threaded run's monitor, at every event
            LoadQueue.Poll p = queue.poll(now);
            if (p.count() > 0) {
                long end = now + service.nanos(f.worker(), p.count(), now);
                queue.complete(p, now, end);
                free.add(new Free(end, f.worker()));
            } else if (!p.done()) {
                free.add(new Free(Math.max(p.until(), now + 1), f.worker()));
            }
        }
        return queue.result(0);
    }
}
