package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.effbench.launch.Allocator;
import org.effbench.launch.MeasuredCost;
import org.junit.jupiter.api.Test;

/** The verdict on hand-made rows whose winners, ratios and noise are worked out by hand. */
class VerdictTest {

    static DerivedRow latencyRow(String model, int batch, int threads, double p99, double error) {
        return base(model, batch, threads, "sample")
                .put(Column.LATENCY_MS_MEAN, p99 / 2)
                .put(Column.LATENCY_MS_P50, p99 / 2)
                .put(Column.LATENCY_MS_P99, p99)
                .put(Column.LATENCY_MS_ERROR, error)
                .put(Column.THROUGHPUT_SAMPLES_PER_S, batch * 1000 / (p99 / 2))
                .put(Column.THROUGHPUT_SOURCE, "derived: callers x batch / mean latency");
    }

    static DerivedRow throughputRow(
            String model, int batch, int threads, double samplesPerS, double error) {
        return base(model, batch, threads, "thrpt")
                .put(Column.THROUGHPUT_SAMPLES_PER_S, samplesPerS)
                .put(Column.THROUGHPUT_SAMPLES_PER_S_ERROR, error)
                .put(Column.THROUGHPUT_SOURCE, "measured")
                .put(Column.ACHIEVED_GFLOPS, samplesPerS / 1000)
                .put(Column.PCT_OF_PEAK, samplesPerS / 1000 / 2)
                .put(Column.PCT_OF_GEMM_CEILING, samplesPerS / 1000 / 2.5)
                .put(Column.BOUND, "compute");
    }

    private static DerivedRow base(String model, int batch, int threads, String mode) {
        return new DerivedRow()
                .put(Column.MODEL, model)
                .put(Column.BENCHMARK, "InferenceBenchmark.infer")
                .put(Column.BATCH_SIZE, batch)
                .put(Column.INTRA_OP_THREADS, threads)
                .put(Column.CALLERS, 1)
                .put(Column.CORES, 2)
                .put(Column.JMH_MODE, mode)
                .put(Column.LAUNCH, "default")
                .put(Column.LAUNCH_SETTINGS, "allocator=tcmalloc; mklOnAmd=auto")
                .put(
                        Column.JMH_PARAMS,
                        ConfigId.encode(
                                Map.of(
                                        "model",
                                        model,
                                        "batchSize",
                                        Integer.toString(batch),
                                        "intraOpThreads",
                                        Integer.toString(threads))));
    }

    @Test
    void aClearWinnerBeyondTheNoise() {
        // 2 threads: p99 2.0 ± 0.1 ms; 1 thread: 3.0 ± 0.1 ms: [1.9, 2.1] and [2.9, 3.1] apart
        DerivedRow fast = latencyRow("mlp", 1, 2, 2.0, 0.1);
        DerivedRow slow = latencyRow("mlp", 1, 1, 3.0, 0.1);
        Verdict.Result v = Verdict.of(List.of(slow, fast), Optional.empty());
        Verdict.Choice c = v.models().get(0).headlineLatency().orElseThrow();
        assertThat(c.best().row()).isSameAs(fast);
        assertThat(c.runnerUp().orElseThrow().row()).isSameAs(slow);
        assertThat(c.ratio()).isCloseTo(1.5, within(1e-12));
        assertThat(c.beyondNoise()).contains(true);
        assertThat(v.text())
                .contains(
                        "latency, batch 1: batchSize=1 intraOpThreads=2 c1 sample [default]: p99"
                                + " 2.00 ms (n unknown); 1.50x lower")
                .contains("beyond the noise");
    }

    /**
     * The peer's rows are compared in their own table: a faster peer configuration is never named
     * effbench's best, and the runner-up is effbench's own.
     */
    @Test
    void thePeersRowsNeverCompeteWithEffbenchsOwn() {
        DerivedRow fast = latencyRow("mlp", 1, 2, 2.0, 0.1);
        DerivedRow slow = latencyRow("mlp", 1, 1, 3.0, 0.1);
        DerivedRow peer =
                latencyRow("mlp", 1, 2, 1.0, 0.1).put(Column.BENCHMARK, "PyTorchPeer.forward");
        Verdict.Result v = Verdict.of(List.of(peer, slow, fast), Optional.empty());
        Verdict.Choice c = v.models().get(0).headlineLatency().orElseThrow();
        assertThat(c.best().row()).isSameAs(fast);
        assertThat(c.runnerUp().orElseThrow().row()).isSameAs(slow);
    }

    /**
     * An int8 row's work is integer operations, and the peak it is compared with is fp32 FMAs: the
     * verdict says both (the int8 ResNet-50 variant's figures, results/variants-resnet50-20261128).
     */
    @Test
    void anInt8RowNamesItsIntegerOperationsAndTheFp32Peak() {
        DerivedRow r =
                throughputRow("file:int8.pt", 8, 2, 673_096, 0)
                        .put(Column.DTYPE, "int8")
                        .put(Column.ACHIEVED_GOPS, 673.096)
                        .put(Column.PCT_OF_PEAK, 298.2);
        assertThat(Verdict.peak(r).orElseThrow())
                .startsWith("673 GFLOP/s (673 GOP/s of them int8) = 298.2% of the fp32 FMA peak, ");
    }

    @Test
    void aTieWithinTheNoise() {
        // 1,000 ± 60 and 1,100 ± 60 samples/s: [940, 1060] and [1040, 1160] overlap
        DerivedRow a = throughputRow("resnet18", 8, 2, 1100, 60);
        DerivedRow b = throughputRow("resnet18", 8, 1, 1000, 60);
        Verdict.Choice c =
                Verdict.of(List.of(b, a), Optional.empty())
                        .models()
                        .get(0)
                        .throughput()
                        .orElseThrow();
        assertThat(c.best().row()).isSameAs(a);
        assertThat(c.ratio()).isCloseTo(1.1, within(1e-12));
        assertThat(c.beyondNoise()).contains(false);
        assertThat(c.text())
                .contains("1,100 samples/s; 1.10x higher than the runner-up")
                .contains("within the noise")
                .contains(
                        "1.10 GFLOP/s = 0.6% of the FMA peak, 0.4% of the GEMM ceiling, compute-bound");
    }

    @Test
    void aP99TooFewSamplesIsKeptOut() {
        // the lower p99 comes from 20 samples: it cannot win; 5,000 samples support the other
        DerivedRow few = latencyRow("mlp", 1, 2, 1.0, 0.01);
        DerivedRow many = latencyRow("mlp", 1, 1, 4.0, 0.01);
        Map<DerivedRow, Long> n = new IdentityHashMap<>(Map.of(few, 20L, many, 5000L));
        Verdict.ModelVerdict m =
                Verdict.of(List.of(few, many), Optional.empty(), n::get).models().get(0);
        Verdict.Choice c = m.headlineLatency().orElseThrow();
        assertThat(c.best().row()).isSameAs(many);
        assertThat(c.best().figure().caveat()).isEmpty();
        assertThat(c.runnerUp()).isEmpty();
        assertThat(m.notes()).singleElement().asString().contains("kept out").contains("n=20");
    }

    @Test
    void whereNoP99IsValidTheP50IsComparedAndSaidSo() {
        DerivedRow a = latencyRow("mlp", 8, 2, 1.0, 0.01);
        DerivedRow b = latencyRow("mlp", 8, 1, 4.0, 0.01);
        Verdict.Choice c =
                Verdict.of(List.of(a, b), Optional.empty(), r -> 20)
                        .models()
                        .get(0)
                        .headlineLatency()
                        .orElseThrow();
        assertThat(c.best().row()).isSameAs(a);
        assertThat(c.best().figure().metric()).isEqualTo("p50");
        assertThat(c.text()).contains("p50 0.500 ms (n=20, a p99 needs 1,000)");
    }

    @Test
    void warningsThatMatter() {
        DerivedRow crowded = throughputRow("mlp", 1, 1, 5000, 10).put(Column.CALLERS, 4);
        DerivedRow aboveRoof =
                throughputRow("mlp", 8, 1, 250_000, 10)
                        .put(Column.LAUNCH_SETTINGS, "allocator=glibc-tuned; mklOnAmd=auto");
        DerivedRow implausible = throughputRow("mlp", 8, 2, 900_000, 10).warn("implausible: x");
        Verdict.Result v = Verdict.of(List.of(crowded, aboveRoof, implausible), Optional.empty());
        Verdict.ModelVerdict m = v.models().get(0);
        assertThat(m.throughput().orElseThrow().best().row()).isSameAs(aboveRoof);
        assertThat(String.join("\n", m.warnings()))
                .contains("is implausible")
                .contains(
                        "above its roof: batchSize=8 intraOpThreads=1 c1 thrpt [default] (125% of peak)")
                .contains("more callers than the 2 cores");
        assertThat(v.warnings())
                .singleElement()
                .asString()
                .contains("apt-get install libtcmalloc-minimal4");
    }

    @Test
    void aDefaultLaunchSetWithoutTcmallocSaysWhatItRanOnAndWhatThatMeasured() {
        DerivedRow bundled =
                throughputRow("mlp", 1, 1, 5000, 10)
                        .put(Column.LAUNCH_SETTINGS, "allocator=jemalloc-bundled; mklOnAmd=auto");
        DerivedRow tcmalloc = throughputRow("mlp", 8, 1, 5000, 10);

        assertThat(Verdict.of(List.of(tcmalloc), Optional.empty()).warnings()).isEmpty();
        assertThat(Verdict.of(List.of(bundled, tcmalloc), Optional.empty()).warnings())
                .containsExactly(
                        "the forks ran on allocator=jemalloc-bundled, not tcmalloc (not installed"
                                + " there, or another was asked for): it measured "
                                + MeasuredCost.of(Allocator.JEMALLOC_BUNDLED).orElseThrow().text()
                                + "; `apt-get install libtcmalloc-minimal4` gives the published"
                                + " setting");
    }

    @Test
    void theAllocatorIsReadFromTheLaunchSettings() {
        assertThat(Verdict.allocator("allocator=glibc-tuned; mklOnAmd=auto"))
                .contains(Allocator.GLIBC_TUNED);
        assertThat(Verdict.allocator("mklOnAmd=auto; allocator=jemalloc-bundled"))
                .contains(Allocator.JEMALLOC_BUNDLED);
        assertThat(Verdict.allocator("mklOnAmd=auto; env.X=allocator=glibc")).isEmpty();
        assertThat(Verdict.allocator("allocator=mimalloc")).isEmpty();
        assertThat(Verdict.allocator("")).isEmpty();
    }

    @Test
    void aLaunchSetThatAsksForGlibcIsNoFallback() {
        DerivedRow r =
                throughputRow("mlp", 1, 1, 5000, 10)
                        .put(Column.LAUNCH, "glibc")
                        .put(Column.LAUNCH_SETTINGS, "allocator=glibc-tuned; mklOnAmd=auto");
        assertThat(Verdict.of(List.of(r), Optional.empty()).warnings()).isEmpty();
    }

    @Test
    void eachLaunchSetIsComparedWithTheDefaultConfigurationByConfiguration() {
        // Worked by hand. jemalloc against default: latency at b1 t1 60/40 = 1.5 (intervals
        // 60±2 and 40±2 apart: better), at b1 t2 50/50 = 1.0 (within); geometric mean
        // sqrt(1.5 x 1.0) = 1.2247. Throughput at b8 t2: 18/20 = 0.9, intervals 20±0.5 and
        // 18±0.5 apart: worse. glibc is measured only where default is not: nothing matched.
        List<DerivedRow> rows =
                List.of(
                        latencyRow("resnet50", 1, 1, 60, 2),
                        latencyRow("resnet50", 1, 2, 50, 2),
                        throughputRow("resnet50", 8, 2, 20, 0.5),
                        latencyRow("resnet50", 1, 1, 40, 2).put(Column.LAUNCH, "jemalloc"),
                        latencyRow("resnet50", 1, 2, 50, 2).put(Column.LAUNCH, "jemalloc"),
                        throughputRow("resnet50", 8, 2, 18, 0.5).put(Column.LAUNCH, "jemalloc"),
                        latencyRow("resnet50", 4, 1, 70, 2).put(Column.LAUNCH, "glibc"));

        Verdict.ModelVerdict m = Verdict.of(rows, Optional.empty(), r -> 5000).models().get(0);

        assertThat(m.baseline()).isEqualTo("default");
        assertThat(m.launches())
                .extracting(Verdict.LaunchRatio::launch)
                .containsExactly("jemalloc", "glibc");
        Verdict.LaunchRatio jemalloc = m.launches().get(0);
        Verdict.Ratios latency = jemalloc.latency().orElseThrow();
        assertThat(latency.geomean()).isCloseTo(Math.sqrt(1.5), within(1e-12));
        assertThat(latency.n()).isEqualTo(2);
        assertThat(latency.better()).isEqualTo(1);
        assertThat(latency.worse()).isZero();
        assertThat(latency.metric()).isEqualTo("p99");
        Verdict.Ratios throughput = jemalloc.throughput().orElseThrow();
        assertThat(throughput.geomean()).isCloseTo(0.9, within(1e-12));
        assertThat(throughput.worse()).isEqualTo(1);
        assertThat(m.launches().get(1).latency()).isEmpty();
        assertThat(Verdict.of(rows, Optional.empty(), r -> 5000).lines())
                .contains(
                        "  launch sets against 'default' (ratio > 1: better; geometric mean over"
                                + " the configurations both measured):",
                        "    jemalloc: latency p99 1.22x (1.00-1.50 over 2), 1 better and 0 worse"
                                + " beyond the noise; throughput samples/s 0.900x, 0 better and 1"
                                + " worse beyond the noise",
                        "    glibc: no configuration measured by both");
    }

    @Test
    void aRunWithOneLaunchSetHasNoLaunchComparison() {
        assertThat(
                        Verdict.of(List.of(latencyRow("mlp", 1, 1, 1, 0.1)), Optional.empty())
                                .models()
                                .get(0)
                                .launches())
                .isEmpty();
    }

    /**
     * The throughput best's energy is the answer, with its CO2 and source; the op-level figure
     * comes after it as a lower bound only; the grid intensity is said once for the run.
     */
    @Test
    void energyIsTheThroughputBestsWithTheOpLevelAsALowerBound() {
        DerivedRow best =
                throughputRow("mlp", 8, 2, 4000, 10)
                        .put(Column.ENERGY_J_PER_SAMPLE, 0.002)
                        .put(Column.ENERGY_SOURCE, "estimated: 4.00 W/core x 2 cores (given)")
                        .put(Column.CO2_G_PER_1000_SAMPLES, 0.000264)
                        .put(Column.CO2_SOURCE, "475 g CO2e/kWh, default")
                        .put(Column.ENERGY_OP_J_PER_SAMPLE, 0.0005);
        DerivedRow other =
                throughputRow("mlp", 1, 1, 1000, 10).put(Column.ENERGY_J_PER_SAMPLE, 0.004);
        Verdict.Result v = Verdict.of(List.of(other, best), Optional.empty());
        assertThat(v.models().get(0).energy())
                .contains(
                        "2.00 mJ/sample, 0.000264 g CO2e per 1,000 samples (estimated: 4.00 W/core"
                                + " x 2 cores (given)); op-level lower bound 0.500 mJ/sample"
                                + " (arithmetic and DRAM traffic only)");
        assertThat(v.lines())
                .contains("  energy, at the throughput best: " + v.models().get(0).energy().get())
                .contains("note: CO2e at 475 g CO2e/kWh, default");
        assertThat(v.warnings()).isEmpty();
    }

    /** No energy figure anywhere: the verdict says why once, not once per model. */
    @Test
    void noEnergyFigureIsSaidOnce() {
        String none = "none: CPU 'X' is unknown; give --watts-per-core W";
        Verdict.Result v =
                Verdict.of(
                        List.of(
                                throughputRow("mlp", 1, 1, 1000, 10)
                                        .put(Column.ENERGY_SOURCE, none),
                                throughputRow("resnet18", 1, 1, 100, 1)
                                        .put(Column.ENERGY_SOURCE, none)),
                        Optional.empty());
        assertThat(v.models()).allMatch(m -> m.energy().isEmpty());
        assertThat(v.notes()).isEmpty();
        assertThat(v.warnings())
                .containsExactly("no energy figure: CPU 'X' is unknown; give --watts-per-core W");
    }
}
