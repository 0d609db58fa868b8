package org.effbench.serve;

import org.HdrHistogram.Histogram;
import org.effbench.serve.StopRule.Stop;

/**
 * What one load point measured. Times in nanoseconds from the point's start; the histograms hold
 * one value per served request (see {@link Recorder}).
 *
 * @param rate the offered rate, queries/s (NaN for the Offline run)
 * @param arrival the arrival process (null for the Offline run)
 * @param planned arrivals scheduled (Offline: requests taken)
 * @param spanNanos the last arrival's time (0 for the Offline run)
 * @param stop why the point ended early, or {@link Stop#NONE}
 * @param completed requests served
 * @param durationNanos the last completion's time: the point's measured duration
 * @param batches how many batches of each size (index) were formed
 */
public record PointResult(
        double rate,
        Arrival arrival,
        long planned,
        long spanNanos,
        Stop stop,
        long completed,
        long durationNanos,
        Histogram latency,
        Histogram queue,
        Histogram service,
        long[] batches) {

    public boolean isOffline() {
        return arrival == null;
    }

    /** Requests served per second over the point's duration. */
    public double achievedRate() {
        return durationNanos == 0 ? 0 : completed * 1e9 / durationNanos;
    }

    /** Arrivals never served: left waiting when the point stopped early. */
    public long unserved() {
        return isOffline() ? 0 : planned - completed;
    }

    public long batchCount() {
        long n = 0;
        for (long b : batches) {
            n += b;
        }
        return n;
    }

    /** Requests per batch formed, on average. */
    public double meanBatch() {
        long requests = 0;
        for (int size = 1; size < batches.length; size++) {
            requests += size * batches[size];
        }
        long n = batchCount();
        return n == 0 ? Double.NaN : (double) requests / n;
    }

    /** Percentile {@code p} (in percent) of {@code h} in milliseconds; NaN when it is empty. */
    public static double millis(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1e6;
    }

    /** The mean of {@code h} in milliseconds; NaN when it is empty. */
    public static double meanMillis(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMean() / 1e6;
    }

    public double seconds() {
        return durationNanos / 1e9;
    }
}
