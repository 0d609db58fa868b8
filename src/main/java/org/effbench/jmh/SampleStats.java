package org.effbench.jmh;

import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.util.MultisetStatistics;

/**
 * What JMH's raw data says about the values a score came from: their count, smallest, largest, mean
 * and standard deviation (n - 1 in the denominator, as JMH's own {@code Statistics}). For
 * SampleTime the values are the timed invocations ({@code rawDataHistogram}, every fork and
 * iteration); for the other modes they are the iteration scores ({@code rawData}).
 */
public record SampleStats(long n, double min, double max, double mean, double stdev) {

    /**
     * The statistics of {@code values} as JMH computes them ({@link MultisetStatistics}); empty
     * when there is no value.
     */
    public static Optional<SampleStats> of(Map<Double, Long> counts) {
        return of(multiset(counts));
    }

    /** {@code counts} (value to how many times it occurred) as JMH's statistics of them. */
    public static MultisetStatistics multiset(Map<Double, Long> counts) {
        MultisetStatistics values = new MultisetStatistics();
        counts.forEach(values::addValue);
        return values;
    }

    public static Optional<SampleStats> of(MultisetStatistics values) {
        if (values.getN() == 0) {
            return Optional.empty();
        }
        return Optional.of(
                new SampleStats(
                        values.getN(),
                        values.getMin(),
                        values.getMax(),
                        values.getMean(),
                        values.getN() > 1 ? values.getStandardDeviation() : Double.NaN));
    }
}
