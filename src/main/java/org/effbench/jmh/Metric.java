package org.effbench.jmh;

import java.util.Map;
import java.util.TreeMap;

/**
 * A JMH metric: score, error of the score (NaN when JMH could not compute one), unit, and for
 * SampleTime the percentiles (keys in percent, e.g. 99.9).
 */
public record Metric(double score, double error, String unit, Map<Double, Double> percentiles) {

    public Metric {
        percentiles = new TreeMap<>(percentiles);
    }

    /** The value at percentile {@code p} (e.g. 99.9), or NaN when the mode records none. */
    public double percentile(double p) {
        return percentiles.getOrDefault(p, Double.NaN);
    }
}
