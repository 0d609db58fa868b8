package org.effbench.serve;

import java.util.Arrays;

/**
 * When each request of a run arrives, in nanoseconds from the run's start, in order. The Offline
 * schedule has every request there at 0 (everything at once: maximum throughput, LoadGen's Offline
 * scenario).
 */
public final class Schedule {

    private final long[] at;
    private final int size;

    private Schedule(long[] at, int size) {
        this.at = at;
        this.size = size;
    }

    /** A schedule of the given arrival times, which must not decrease. */
    public static Schedule of(long... at) {
        for (int i = 1; i < at.length; i++) {
            if (at[i] < at[i - 1]) {
                throw new IllegalArgumentException(
                        "arrival " + i + " comes before arrival " + (i - 1));
            }
        }
        return new Schedule(at.clone(), at.length);
    }

    /** {@code size} requests, all there at 0. */
    public static Schedule offline(int size) {
        return new Schedule(null, size);
    }

    public boolean isOffline() {
        return at == null;
    }

    public int size() {
        return size;
    }

    /** When request {@code i} arrives. */
    public long at(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return at == null ? 0 : at[i];
    }

    /** The time of the last arrival (0 when empty). */
    public long span() {
        return size == 0 ? 0 : at(size - 1);
    }

    /** How many requests have arrived by {@code now} (arrival time <= now). */
    public int arrivedBy(long now) {
        if (now < 0) {
            return 0;
        }
        if (at == null) {
            return size;
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (at[mid] <= now) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public String toString() {
        return isOffline()
                ? "offline x " + size
                : size + " arrivals " + Arrays.toString(Arrays.copyOf(at, Math.min(size, 5)));
    }
}
