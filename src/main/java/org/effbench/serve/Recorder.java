package org.effbench.serve;

import org.HdrHistogram.Histogram;

/**
 * What one point measured, request by request: latency from its scheduled arrival to its batch's
 * completion (wrk2's correction for coordinated omission), queue time from arrival to the start of
 * its batch's service, service time of its batch; the batch sizes formed. Nanoseconds, 3
 * significant digits (HdrHistogram's resolution: 0.1%). Not thread-safe: {@link LoadQueue} holds it
 * under its lock.
 */
final class Recorder {

    static final int DIGITS = 3;

    final Histogram latency = new Histogram(DIGITS);
    final Histogram queue = new Histogram(DIGITS);
    final Histogram service = new Histogram(DIGITS);
    final long[] batches;
    long completed;
    long lastCompletion;
    long overBound;

    Recorder(int maxBatch) {
        batches = new long[maxBatch + 1];
    }

    void batch(Schedule schedule, int from, int count, long start, long end, long bound) {
        batches[count]++;
        for (int i = from; i < from + count; i++) {
            long arrived = schedule.at(i);
            long l = end - arrived;
            latency.recordValue(l);
            queue.recordValue(Math.max(0, start - arrived));
            service.recordValue(end - start);
            if (l > bound) {
                overBound++;
            }
        }
        completed += count;
        lastCompletion = Math.max(lastCompletion, end);
    }
}
