package org.effbench.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineProfileTest {

    private static final String CPUINFO =
            """
            processor\t: 0
            model name\t: AMD EPYC
            cpu MHz\t\t: 2600.000
            flags\t\t: fpu sse4_2 fma avx avx2 avx512f avx512bw avx512_bf16 avx512_vnni
            processor\t: 1
            model name\t: AMD EPYC
            cpu MHz\t\t: 2600.000
            flags\t\t: fpu sse4_2 fma avx avx2 avx512f avx512bw avx512_bf16 avx512_vnni
            """;

    @Test
    void readsModelClockAndVectorExtensions() {
        CpuInfo cpu = CpuInfo.parse(CPUINFO);
        assertThat(cpu.model()).isEqualTo("AMD EPYC");
        assertThat(cpu.nominalMhz()).isEqualTo(2600.0);
        assertThat(cpu.vectorExtensions())
                .containsExactly(
                        "sse4_2",
                        "fma",
                        "avx",
                        "avx2",
                        "avx512f",
                        "avx512bw",
                        "avx512_bf16",
                        "avx512_vnni");
    }

    /**
     * 2 cores x 2.6 GHz x (16 fp32 lanes x 2 for FMA x 2 units) = 332.8 GFLOP/s, labelled a guess.
     */
    @Test
    void theoreticalPeakIsALabelledGuess() {
        TheoreticalPeak peak = TheoreticalPeak.of(CpuInfo.parse(CPUINFO), 2);
        assertThat(peak.gflops()).isCloseTo(332.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(peak.flopsPerCycle()).isEqualTo(64);
        assertThat(peak.guess()).isTrue();
        assertThat(peak.basis()).startsWith("guess: 2 cores x 2.60 GHz");
    }

    @Test
    void roundTripsThroughMachineJson(@TempDir Path dir) throws Exception {
        MachineProfile profile =
                MachineProfiler.describe(
                        List.of(
                                new Ceiling(1, 74.9, 0.5, 512, 20.1, 0.2)
                                        .withFma(116.9, 12.1, 16, "Vector API, 1 thread"),
                                new Ceiling(2, 140.2, 1.1, 512, 76.7, 0.9)),
                        dir,
                        Instant.parse("2026-11-26T00:00:00Z"));
        Path file = Files.writeString(dir.resolve(MachineProfile.FILE), profile.toJson());
        MachineProfile read = MachineProfile.read(file);
        assertThat(read).isEqualTo(profile);
        assertThat(read.ceiling(2)).isPresent();
        assertThat(read.ceiling(1).orElseThrow().fmaGflops()).isEqualTo(116.9);
        assertThat(read.ceiling(1).orElseThrow().fmaLanes()).isEqualTo(16);
        assertThat(read.ceiling(1).orElseThrow().fmaMethod()).isEqualTo("Vector API, 1 thread");
        assertThat(read.ceiling(2).orElseThrow().fmaGflops()).isNaN();
        assertThat(read.gitCommit()).isEqualTo("unknown"); // a temp dir is no git checkout
        assertThat(read.jvm().version()).isEqualTo(System.getProperty("java.runtime.version"));
    }

    /** The published standard run's machine.json predates the FMA peak: it reads as unmeasured. */
    @Test
    void machineJsonWithoutTheFmaPeakStillReads() throws Exception {
        MachineProfile old = MachineProfile.read(Path.of("results/standard-20261126/machine.json"));
        Ceiling one = old.ceiling(1).orElseThrow();
        assertThat(one.gemmGflops()).isCloseTo(193.62, org.assertj.core.data.Offset.offset(0.01));
        assertThat(one.fmaGflops()).isNaN();
        assertThat(one.fmaGflopsError()).isNaN();
        assertThat(one.fmaLanes()).isZero();
        assertThat(one.fmaMethod()).isEmpty();
    }

    /** A cloud VM's /proc/cpuinfo: the SKU hidden, the CPUID family and model still there. */
    @Test
    void readsTheCpuidIdentityAndSmt() {
        CpuInfo cpu =
                CpuInfo.parse(
                        """
                        processor\t: 0
                        vendor_id\t: AuthenticAMD
                        cpu family\t: 25
                        model\t\t: 17
                        model name\t: AMD EPYC
                        siblings\t: 4
                        cpu cores\t: 2
                        processor\t: 1
                        vendor_id\t: AuthenticAMD
                        cpu family\t: 25
                        model\t\t: 17
                        model name\t: AMD EPYC
                        """);
        assertThat(cpu.model()).isEqualTo("AMD EPYC");
        assertThat(cpu.vendor()).isEqualTo("AuthenticAMD");
        assertThat(cpu.family()).isEqualTo(25);
        assertThat(cpu.modelNumber()).isEqualTo(17);
        assertThat(cpu.threadsPerCore()).isEqualTo(2);
        assertThat(cpu.identified()).isTrue();
        assertThat(CpuInfo.parse(CPUINFO).identified()).isFalse();
    }

    /** A machine.json from before the identity was recorded reads as not identified. */
    @Test
    void machineJsonWithoutTheCpuidIdentityReadsAsUnidentified() throws Exception {
        CpuInfo cpu = MachineProfile.read(Path.of("results/standard-20261126/machine.json")).cpu();
        assertThat(cpu.model()).isEqualTo("AMD EPYC");
        assertThat(cpu.vendor()).isEmpty();
        assertThat(cpu.identified()).isFalse();
        assertThat(cpu.threadsPerCore()).isZero();
    }
}
