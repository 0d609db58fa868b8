package org.effbench.machine;

import java.util.Locale;

/**
 * cores x clock x fp32 FLOPs per cycle. The clock is the nominal one Linux reports and the number
 * of FMA units is assumed (2, as on current x86 server cores), so this is a guess, and says so: the
 * cores may turbo above it, and the measured GEMM ceiling is the figure to trust.
 */
public record TheoreticalPeak(
        double gflops, int cores, double ghz, int flopsPerCycle, String basis, boolean guess) {

    public static TheoreticalPeak of(CpuInfo cpu, int cores) {
        int lanes = cpu.has("avx512f") ? 16 : cpu.has("avx2") || cpu.has("avx") ? 8 : 4;
        int fmaUnits = 2;
        int perCycle = lanes * 2 * fmaUnits; // an FMA is 2 FLOPs per lane
        double ghz = cpu.nominalMhz() / 1000.0;
        String isa = lanes == 16 ? "avx512f" : lanes == 8 ? "avx2" : "sse";
        String basis =
                String.format(
                        Locale.ROOT,
                        "guess: %d cores x %.2f GHz (nominal, /proc/cpuinfo; turbo may be higher) x %d FLOPs/cycle "
                                + "(%d fp32 lanes of %s x 2 for FMA x %d FMA units, assumed)",
                        cores,
                        ghz,
                        perCycle,
                        lanes,
                        isa,
                        fmaUnits);
        return new TheoreticalPeak(cores * ghz * perCycle, cores, ghz, perCycle, basis, true);
    }
}
