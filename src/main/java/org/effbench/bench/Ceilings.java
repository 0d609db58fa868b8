package org.effbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.Metric;
import org.effbench.jmh.TimeUnits;
import org.effbench.machine.Ceiling;

/**
 * The machine's ceilings read from the ceiling benchmarks' results: per intra-op thread count, the
 * GEMM's {@code gflop} and the streaming add's {@code gbyte} secondary rates.
 */
public final class Ceilings {

    static final String GEMM = MatmulPeakBenchmark.class.getName() + ".matmul";
    static final String MEMORY = MemoryBandwidthBenchmark.class.getName() + ".addInPlace";

    private Ceilings() {}

    /** One ceiling per thread count that has a result; other benchmarks' results are ignored. */
    public static List<Ceiling> of(List<BenchmarkResult> results) {
        Map<Integer, Ceiling> byThreads = new TreeMap<>();
        for (BenchmarkResult r : results) {
            Optional<Integer> threads =
                    r.param(BenchParam.INTRA_OP_THREADS.jmhName())
                            .map(BenchParam.INTRA_OP_THREADS::parse);
            if (threads.isEmpty()) {
                continue;
            }
            Ceiling c =
                    byThreads.getOrDefault(
                            threads.get(),
                            new Ceiling(
                                    threads.get(),
                                    Double.NaN,
                                    Double.NaN,
                                    0,
                                    Double.NaN,
                                    Double.NaN));
            Metric gflop = r.secondary().get("gflop");
            Metric gbyte = r.secondary().get("gbyte");
            if (r.benchmark().equals(GEMM) && gflop != null) {
                int size =
                        r.param(BenchParam.MATRIX_SIZE.jmhName())
                                .map(BenchParam.MATRIX_SIZE::parse)
                                .orElse(0);
                c =
                        new Ceiling(
                                c.threads(),
                                rate(gflop.score(), gflop),
                                rate(gflop.error(), gflop),
                                size,
                                c.memoryGBps(),
                                c.memoryGBpsError());
            } else if (r.benchmark().equals(MEMORY) && gbyte != null) {
                c =
                        new Ceiling(
                                c.threads(),
                                c.gemmGflops(),
                                c.gemmGflopsError(),
                                c.gemmMatrixSize(),
                                rate(gbyte.score(), gbyte),
                                rate(gbyte.error(), gbyte));
            } else {
                continue;
            }
            byThreads.put(threads.get(), c);
        }
        return new ArrayList<>(byThreads.values());
    }

    private static double rate(double value, Metric m) {
        return TimeUnits.opsPerSecond(value, m.unit());
    }
}
