package org.effbench.jmh;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A JMH metric: score, error of the score (NaN when JMH could not compute one), unit, for
 * SampleTime the percentiles (keys in percent, e.g. 99.9), what the raw data says about the values
 * behind the score (empty when the file has no raw data), and those values themselves with their
 * counts (SampleTime's timed invocations, or the other modes' iteration scores; empty without raw
 * data), so the values of several rounds can be pooled.
 */
public record Metric(
        double score,
        double error,
        String unit,
        Map<Double, Double> percentiles,
        Optional<SampleStats> samples,
        NavigableMap<Double, Long> values) {

    public Metric {
        percentiles = new TreeMap<>(percentiles);
        values = Collections.unmodifiableNavigableMap(new TreeMap<>(values));
    }

    /** A metric whose raw values are not kept. */
    public Metric(
            double score,
            double error,
            String unit,
            Map<Double, Double> percentiles,
            Optional<SampleStats> samples) {
        this(score, error, unit, percentiles, samples, new TreeMap<>());
    }

    /** A metric without raw data. */
    public Metric(double score, double error, String unit, Map<Double, Double> percentiles) {
        this(score, error, unit, percentiles, Optional.empty());
    }

    /** The value at percentile {@code p} (e.g. 99.9), or NaN when the mode records none. */
    public double percentile(double p) {
        return percentiles.getOrDefault(p, Double.NaN);
    }
}
