package org.effbench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.TDistribution;
import org.openjdk.jmh.util.MultisetStatistics;

/**
 * One configuration measured in several rounds (a sweep's {@code rounds = N}: each round a fresh
 * fork, minutes apart), pooled into one result. A fork's speed on a shared machine can settle in
 * one of several states and stay there, so JMH's error, computed within one fork, says nothing of
 * the next fork; the spread between the rounds' means does. The pooled mean is the mean of the
 * rounds' means (each round counts once, however many values it timed); its error is the larger of
 * the within-fork errors pooled (the root of the sum of their squares over N: the error of a mean
 * of N independent means) and the 99.9% Student-t half-width of the rounds' means (t(0.9995, N - 1)
 * x their standard deviation / root N), so a spread between forks widens it. The pooled values are
 * every round's together: percentiles, min, max and count come from them, as JMH computes its own
 * from a run's forks.
 */
public final class Rounds {

    /** The confidence of every interval here, JMH's and the report's. */
    public static final double CONFIDENCE = 0.999;

    private Rounds() {}

    /**
     * A metric pooled over rounds, and the two errors it took the larger of.
     *
     * @param withinError the rounds' own errors pooled; NaN when a round has none
     * @param spreadError the t half-width of the rounds' means; NaN for one round
     */
    public record Pooled(Metric metric, double withinError, double spreadError) {}

    /**
     * The {@link #CONFIDENCE} two-sided Student-t half-width of the mean of {@code values}: t(1 -
     * (1 - confidence) / 2, n - 1) x sample standard deviation / root n; NaN for fewer than two
     * values.
     */
    public static double tHalfWidth(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = Math.sqrt(squares / (n - 1));
        return tQuantile(n - 1) * sd / Math.sqrt(n);
    }

    /** Student's t quantile at 1 - (1 - {@link #CONFIDENCE}) / 2 with {@code df} degrees. */
    public static double tQuantile(int df) {
        return new TDistribution(df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    }

    /**
     * One result from the rounds of one configuration, in round order: the first round's
     * description with the forks of all, every metric pooled ({@link #poolMetric}); the secondary
     * metrics every round has.
     *
     * @throws IllegalArgumentException when there is none, or they are not one configuration
     */
    public static BenchmarkResult pool(List<BenchmarkResult> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no round to pool");
        }
        BenchmarkResult first = rounds.get(0);
        for (BenchmarkResult r : rounds) {
            if (!r.benchmark().equals(first.benchmark())
                    || !r.mode().equals(first.mode())
                    || r.threads() != first.threads()
                    || !r.params().equals(first.params())) {
                throw new IllegalArgumentException(
                        "rounds of different configurations: "
                                + first.benchmark()
                                + " "
                                + first.params()
                                + " and "
                                + r.benchmark()
                                + " "
                                + r.params());
            }
        }
        Map<String, Metric> secondary = new TreeMap<>();
        for (String name : new TreeSet<>(first.secondary().keySet())) {
            if (rounds.stream().allMatch(r -> r.secondary().containsKey(name))) {
                secondary.put(
                        name,
                        poolMetric(rounds.stream().map(r -> r.secondary().get(name)).toList())
                                .metric());
            }
        }
        return new BenchmarkResult(
                first.benchmark(),
                first.mode(),
                first.threads(),
                rounds.stream().mapToInt(BenchmarkResult::forks).sum(),
                first.warmupIterations(),
                first.warmupTime(),
                first.measurementIterations(),
                first.measurementTime(),
                first.jvmArgs(),
                first.params(),
                poolMetric(rounds.stream().map(BenchmarkResult::primary).toList()).metric(),
                secondary);
    }

    /**
     * The metrics of one configuration's rounds as one: see the class comment. Percentiles come
     * from the rounds' values together when every round kept them, else none is given (a mean of
     * percentiles is not a percentile).
     *
     * @throws IllegalArgumentException when there is none, or their units differ
     */
    public static Pooled poolMetric(List<Metric> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no round to pool");
        }
        String unit = rounds.get(0).unit();
        if (rounds.stream().anyMatch(m -> !m.unit().equals(unit))) {
            throw new IllegalArgumentException(
                    "rounds in different units: "
                            + rounds.stream().map(Metric::unit).distinct().toList());
        }
        int n = rounds.size();
        List<Double> means = rounds.stream().map(Metric::score).toList();
        double mean = means.stream().mapToDouble(Double::doubleValue).sum() / n;
        double within =
                Math.sqrt(rounds.stream().mapToDouble(m -> m.error() * m.error()).sum()) / n;
        double spread = tHalfWidth(means);
        double error =
                Double.isNaN(within)
                        ? spread
                        : Double.isNaN(spread) ? within : Math.max(within, spread);
        boolean allValues = rounds.stream().noneMatch(m -> m.values().isEmpty());
        NavigableMap<Double, Long> values = new TreeMap<>();
        Map<Double, Double> percentiles = new TreeMap<>();
        Optional<SampleStats> samples;
        if (allValues) {
            rounds.forEach(m -> m.values().forEach((v, c) -> values.merge(v, c, Long::sum)));
            MultisetStatistics all = SampleStats.multiset(values);
            rounds.get(0)
                    .percentiles()
                    .keySet()
                    .forEach(p -> percentiles.put(p, all.getPercentile(p)));
            samples = SampleStats.of(all);
        } else {
            samples = combined(rounds.stream().map(Metric::samples).toList());
        }
        return new Pooled(
                new Metric(mean, error, unit, percentiles, samples, values), within, spread);
    }

    /**
     * The statistics of the rounds' values together from each round's own (count, min, max, mean,
     * standard deviation: the between and within sums of squares); empty when a round has none.
     */
    private static Optional<SampleStats> combined(List<Optional<SampleStats>> rounds) {
        if (rounds.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        List<SampleStats> all = new ArrayList<>(rounds.stream().map(Optional::get).toList());
        long n = all.stream().mapToLong(SampleStats::n).sum();
        double mean = all.stream().mapToDouble(s -> s.n() * s.mean()).sum() / n;
        double squares =
                all.stream()
                        .mapToDouble(
                                s ->
                                        (s.n() > 1 ? (s.n() - 1) * s.stdev() * s.stdev() : 0)
                                                + s.n() * (s.mean() - mean) * (s.mean() - mean))
                        .sum();
        return Optional.of(
                new SampleStats(
                        n,
                        all.stream().mapToDouble(SampleStats::min).min().orElseThrow(),
                        all.stream().mapToDouble(SampleStats::max).max().orElseThrow(),
                        mean,
                        n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN));
    }
}
