package org.effbench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.effbench.energy.EnergySettings;
import org.effbench.energy.GridIntensity;
import org.effbench.energy.PowerEstimate;
import org.effbench.machine.Ceiling;
import org.effbench.machine.CpuInfo;
import org.effbench.machine.EngineVersions;
import org.effbench.machine.Jvm;
import org.effbench.machine.MachineProfile;
import org.effbench.machine.TheoreticalPeak;

/** Test fixtures from src/test/resources, made by real runs of this harness. */
public final class Fixtures {

    /**
     * A hand-made 2-core machine: 1 thread GEMM 100 GFLOP/s, 50 GB/s, FMA peak 120 GFLOP/s; 2
     * threads GEMM 200 GFLOP/s, 80 GB/s, FMA peak 240 GFLOP/s.
     */
    public static final MachineProfile MACHINE =
            machine(
                    List.of(
                            new Ceiling(1, 100, Double.NaN, 2048, 50, Double.NaN)
                                    .withFma(120, Double.NaN, 8, "FMA loop, 1 thread"),
                            new Ceiling(2, 200, Double.NaN, 2048, 80, Double.NaN)
                                    .withFma(240, Double.NaN, 8, "FMA loop, 2 threads")));

    /**
     * Energy settings for derivation tests: 4 W per busy core, as if given with --watts-per-core 4
     * (a round test figure, not a CPU's), and codecarbon's world-average grid.
     */
    public static final EnergySettings ENERGY =
            new EnergySettings(PowerEstimate.given(4), GridIntensity.DEFAULT);

    private Fixtures() {}

    /** The hand-made machine with other ceilings. */
    public static MachineProfile machine(List<Ceiling> ceilings) {
        CpuInfo cpu = new CpuInfo("Test CPU", 2000, List.of("avx2"));
        return new MachineProfile(
                cpu,
                2,
                1L << 34,
                "Linux",
                "6",
                new Jvm("v", "17", "vm", "/jdk", List.of()),
                List.of("G1"),
                new EngineVersions("0.36.0", "2.7.1", "2.7.1-0.36.0", "1.37"),
                Map.of(),
                "abc",
                "now",
                ceilings,
                TheoreticalPeak.of(cpu, 2));
    }

    /**
     * {@code /jmh/NAME}: JMH JSON written by the harness (the JMH options are in
     * scripts/make-jmh-fixtures.sh).
     */
    public static String jmh(String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/jmh/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture /jmh/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
