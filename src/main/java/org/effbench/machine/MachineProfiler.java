package org.effbench.machine;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.effbench.bench.MatmulPeakBenchmark;
import org.effbench.bench.MemoryBandwidthBenchmark;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.Metric;
import org.effbench.jmh.TimeUnits;


/** Builds a {@link MachineProfile} from this machine and the ceiling benchmarks' results. */
public final class MachineProfiler {

    private MachineProfiler() {}

    /** The profile of the machine this JVM runs on, with ceilings from {@code ceilingResults}. */
    public static MachineProfile describe(List<BenchmarkResult> ceilingResults, Path workingDirectory, Instant now) {
        Host machine = Host.describe();
        CpuInfo cpu = CpuInfo.read();
        List<String> gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList();
        return new MachineProfile(cpu, machine.cores(), machine.memoryBytes(), machine.os(), machine.kernel(),
                Jvm.describe(), gcs, EngineVersions.describe(),
                Environment.relevant(), GitCommit.of(workingDirectory), now.toString(),
                ceilings(ceilingResults), TheoreticalPeak.of(cpu, machine.cores()));
    }

    /** One ceiling per thread count: the GEMM's {@code gflop} and the streaming add's {@code gbyte} rates. */
    public static List<Ceiling> ceilings(List<BenchmarkResult> results) {
        Map<Integer, double[]> byThreads = new TreeMap<>(); // gflops, error, n, GB/s, error
        for (BenchmarkResult r : results) {
            int threads = Integer.parseInt(r.param("intraOpThreads").orElse("0"));
            double[] c = byThreads.computeIfAbsent(threads, t -> new double[] {Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN});
            if (r.benchmark().equals(MatmulPeakBenchmark.class.getName() + ".matmul") && r.secondary().containsKey("gflop")) {
                Metric m = r.secondary().get("gflop");
                c[0] = TimeUnits.opsPerSecond(m.score(), m.unit());
                c[1] = TimeUnits.opsPerSecond(m.error(), m.unit());
                c[2] = Integer.parseInt(r.param("matrixSize").orElse("0"));
            } else if (r.benchmark().equals(MemoryBandwidthBenchmark.class.getName() + ".addInPlace")
                    && r.secondary().containsKey("gbyte")) {
                Metric m = r.secondary().get("gbyte");
                c[3] = TimeUnits.opsPerSecond(m.score(), m.unit());
                c[4] = TimeUnits.opsPerSecond(m.error(), m.unit());
            }
        }
        List<Ceiling> out = new ArrayList<>();
        byThreads.forEach((t, c) -> {
            if (t > 0) {
                out.add(new Ceiling(t, c[0], c[1], (int) c[2], c[3], c[4]));
            }
        });
        return out;
    }
}
