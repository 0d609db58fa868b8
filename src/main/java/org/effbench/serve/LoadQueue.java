package org.effbench.serve;

import org.HdrHistogram.Histogram;
import org.effbench.serve.StopRule.Stop;

/**
 * The one queue every worker takes from, over a schedule drawn in advance: a request is waiting
 * once its arrival time has passed and until a worker takes it, so no thread has to hand it in and
 * its arrival time is never late. Free workers ask {@link #poll} what to do (the batcher's rule
 * decides), report each batch's service with {@link #complete}, and the run's monitor calls {@link
 * #check} to stop a point whose queue grows when every worker is busy. Thread-safe; the same code
 * runs under real threads ({@link Workers}) and in the {@link Simulation}.
 */
final class LoadQueue {

    /** What a free worker does: take {@code count} requests from {@code from}, or wait. */
    record Poll(int from, int count, long until) {
        static final Poll DONE = new Poll(0, 0, Long.MAX_VALUE);

        boolean done() {
            return count == 0 && until == Long.MAX_VALUE;
        }
    }

    private final PointPlan plan;
    private final Schedule schedule;
    private final Recorder recorder;
    private int next;
    private Stop stop = Stop.NONE;

    LoadQueue(PointPlan plan) {
        this.plan = plan;
        this.schedule = plan.schedule();
        this.recorder = new Recorder(plan.policy().maxBatch());
    }

    /** What a free worker does at {@code now} (nanoseconds from the point's start). */
    synchronized Poll poll(long now) {
        if (stop != Stop.NONE) {
            return Poll.DONE;
        }
        if (now >= plan.takeUntilNanos()) {
            stop = Stop.TIME;
            return Poll.DONE;
        }
        int arrived = schedule.arrivedBy(now);
        // a worker that read the clock before another took requests may see fewer arrived
        int waiting = Math.max(0, arrived - next);
        if (stopsAt(now, waiting)) {
            return Poll.DONE;
        }
        long nextArrival = arrived < schedule.size() ? schedule.at(arrived) : Long.MAX_VALUE;
        BatchPolicy.Decision d =
                plan.policy()
                        .decide(waiting, waiting > 0 ? schedule.at(next) : 0, nextArrival, now);
        if (d.take() > 0) {
            Poll take = new Poll(next, d.take(), 0);
            next += d.take();
            return take;
        }
        return d.done() ? Poll.DONE : new Poll(0, 0, d.until());
    }

    /** A batch taken at {@code start} finished at {@code end}. */
    synchronized void complete(Poll batch, long start, long end) {
        recorder.batch(schedule, batch.from(), batch.count(), start, end, plan.stop().boundNanos());
        if (stop == Stop.NONE && decided(end)) {
            stop = Stop.DECIDED;
        }
    }

    /** The monitor's look at the queue at {@code now}: stops a saturated or decided point. */
    synchronized void check(long now) {
        if (stop == Stop.NONE) {
            stopsAt(now, Math.max(0, schedule.arrivedBy(now) - next));
        }
    }

    /** Stops the point: a worker failed, the others leave at their next look. */
    synchronized void abort() {
        stop = Stop.FAILED;
    }

    /** Whether the point has stopped early. */
    synchronized Stop stopped() {
        return stop;
    }

    private boolean stopsAt(long now, int waiting) {
        if (waiting > 0 && now - schedule.at(next) > plan.stop().saturationNanos()) {
            stop = Stop.SATURATED;
        } else if (decided(now)) {
            stop = Stop.DECIDED;
        }
        return stop != Stop.NONE;
    }

    /** Served requests over the bound plus waiting ones already older than it decide the point. */
    private boolean decided(long now) {
        StopRule rule = plan.stop();
        if (!rule.decide()) {
            return false;
        }
        long olderThanBound = Math.max(0, schedule.arrivedBy(now - rule.boundNanos() - 1) - next);
        return rule.decided(recorder.overBound + olderThanBound, schedule.size());
    }

    /**
     * The point's figures; call once every worker is done. The histograms carry the point's start
     * and end as epoch milliseconds ({@code startMillis} + its duration) for their log.
     */
    synchronized PointResult result(long startMillis) {
        long endMillis = startMillis + recorder.lastCompletion / 1_000_000;
        for (Histogram h : new Histogram[] {recorder.latency, recorder.queue, recorder.service}) {
            h.setStartTimeStamp(startMillis);
            h.setEndTimeStamp(endMillis);
        }
        Stop end = stop;
        if (end == Stop.NONE && next < schedule.size() && !plan.isOffline()) {
            throw new IllegalStateException(
                    "point ended with " + (schedule.size() - next) + " requests never taken");
        }
        return new PointResult(
                plan.rate(),
                plan.arrival(),
                plan.isOffline() ? next : schedule.size(),
                plan.isOffline() ? 0 : schedule.span(),
                end,
                recorder.completed,
                recorder.lastCompletion,
                recorder.latency.copy(),
                recorder.queue.copy(),
                recorder.service.copy(),
                recorder.batches.clone());
    }
}
