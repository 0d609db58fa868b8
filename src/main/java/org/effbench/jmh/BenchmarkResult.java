package org.effbench.jmh;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One entry of JMH's JSON: one benchmark in one mode with one set of parameters. */
public record BenchmarkResult(
        String benchmark,
        String mode,
        int threads,
        int forks,
        int warmupIterations,
        String warmupTime,
        int measurementIterations,
        String measurementTime,
        List<String> jvmArgs,
        Map<String, String> params,
        Metric primary,
        Map<String, Metric> secondary) {

    public BenchmarkResult {
        jvmArgs = List.copyOf(jvmArgs);
        params = Map.copyOf(params);
        secondary = Map.copyOf(secondary);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /**
     * The benchmark's class and method without the package, e.g. {@code InferenceBenchmark.infer}.
     */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2
                ? benchmark
                : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }
}
