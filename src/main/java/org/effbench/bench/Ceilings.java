package org.effbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.Metric;
import org.effbench.jmh.TimeUnits;
import org.effbench.machine.Ceiling;

/**
 * The machine's ceilings read from the ceiling benchmarks' results: per intra-op thread count, the
 * GEMM's {@code gflop}, the streaming add's {@code gbyte} and the FMA loop's {@code gflop}
 * secondary rates (its lanes are {@code gflop / (2 x gfma)}: FLOPs over vector FMA instructions).
 */
public final class Ceilings {

    static final String GEMM = MatmulPeakBenchmark.class.getName() + ".matmul";
    static final String MEMORY = MemoryBandwidthBenchmark.class.getName() + ".addInPlace";
    static final String FMA = FmaPeakBenchmark.class.getName() + ".fma";

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
            Metric gfma = r.secondary().get("gfma");
            if (r.benchmark().equals(GEMM) && gflop != null) {
                int size =
                        r.param(BenchParam.MATRIX_SIZE.jmhName())
                                .map(BenchParam.MATRIX_SIZE::parse)
                                .orElse(0);
                c = c.withGemm(rate(gflop.score(), gflop), rate(gflop.error(), gflop), size);
            } else if (r.benchmark().equals(MEMORY) && gbyte != null) {
                c = c.withMemory(rate(gbyte.score(), gbyte), rate(gbyte.error(), gbyte));
            } else if (r.benchmark().equals(FMA) && gflop != null && gfma != null) {
                int lanes = (int) Math.round(gflop.score() / (2 * gfma.score()));
                c =
                        c.withFma(
                                rate(gflop.score(), gflop),
                                rate(gflop.error(), gflop),
                                lanes,
                                fmaMethod(lanes, threads.get()));
            } else {
                continue;
            }
            byThreads.put(threads.get(), c);
        }
        return new ArrayList<>(byThreads.values());
    }

    /** How the FMA peak was measured, as machine.json and the report say it. */
    static String fmaMethod(int lanes, int threads) {
        return String.format(
                Locale.ROOT,
                "JDK Vector API FloatVector.fma, SPECIES_PREFERRED = %d fp32 lanes, %d independent"
                        + " accumulators in registers, no memory traffic, %d thread%s"
                        + " (FmaPeakBenchmark)",
                lanes,
                FmaPeakBenchmark.ACCUMULATORS,
                threads,
                threads == 1 ? "" : "s");
    }

    private static double rate(double value, Metric m) {
        return TimeUnits.opsPerSecond(value, m.unit());
    }
}
