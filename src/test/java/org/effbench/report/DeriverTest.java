package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.effbench.Fixtures;
import org.effbench.base.ComputeDtype;
import org.effbench.energy.EnergySettings;
import org.effbench.energy.EnergyTable;
import org.effbench.energy.GridIntensity;
import org.effbench.energy.PowerEstimate;
import org.effbench.jmh.JmhJson;
import org.effbench.machine.Ceiling;
import org.effbench.machine.CpuInfo;
import org.effbench.machine.MachineProfile;
import org.effbench.metrics.StaticMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The golden run (mlp and squeezenet1_1, batch 2, 1 intra-op thread, 2 callers, all four modes) on
 * a hand-made machine: 2 cores; 1 thread 100 GFLOP/s and 50 GB/s; 2 threads 200 GFLOP/s and 80
 * GB/s. mlp's static metrics: 668,672 MACs, 669,706 params, 2,058 activations and 3,136 input bytes
 * per sample. Every expected value below is worked out by hand from those figures.
 */
class DeriverTest {

    static final MachineProfile MACHINE = Fixtures.MACHINE;
    static final StaticMetrics MLP = new StaticMetrics(668_672, 669_706, 2_058, 3_136, 12_345);

    private static List<DerivedRow> rows;

    @BeforeAll
    static void derive() throws Exception {
        JmhJson.Parsed parsed = JmhJson.parse("f", Fixtures.jmh("all-modes-2-callers.json"));
        Deriver deriver =
                deriver(
                        Optional.of(MACHINE),
                        (model, input, batch) ->
                                model.equals("mlp") ? Optional.of(MLP) : Optional.empty());
        rows = deriver.derive(parsed.results());
    }

    /** thrpt: 11.223277893543608 ops/ms summed over both callers. */
    @Test
    void throughputRow() {
        DerivedRow r = rows.get(0);
        assertThat(r.text(Column.MODEL)).isEqualTo("mlp");
        assertThat(r.text(Column.JMH_MODE)).isEqualTo("thrpt");
        assertThat(r.number(Column.CALLERS)).isEqualTo(2);
        assertThat(r.get(Column.LATENCY_MS_MEAN)).isEmpty();
        // 11,223.277893543608 invocations/s x batch 2
        assertThat(r.number(Column.THROUGHPUT_SAMPLES_PER_S))
                .isCloseTo(22_446.555787087218, within(1e-9));
        assertThat(r.text(Column.THROUGHPUT_SOURCE)).isEqualTo("measured");
        // 2 x 668,672 FLOPs x 22,446.56 samples/s
        assertThat(r.number(Column.ACHIEVED_GFLOPS)).isCloseTo(30.018766702526367, within(1e-9));
        // 1 thread x 2 callers = 2 busy cores: the 2-thread FMA peak, 240 GFLOP/s
        assertThat(r.number(Column.PEAK_GFLOPS_MACHINE)).isEqualTo(240);
        assertThat(r.text(Column.PEAK_METHOD)).isEqualTo("FMA loop, 2 threads");
        // 30.018766702526367 / 240 x 100
        assertThat(r.number(Column.PCT_OF_PEAK)).isCloseTo(12.507819459385986, within(1e-9));
        // and the 2-thread GEMM ceiling, 200 GFLOP/s: 30.018766702526367 / 200 x 100
        assertThat(r.number(Column.GEMM_GFLOPS_MACHINE)).isEqualTo(200);
        assertThat(r.number(Column.PCT_OF_GEMM_CEILING))
                .isCloseTo(15.009383351263184, within(1e-9));
        assertThat(r.warnings()).noneMatch(w -> w.contains("FMA peak"));
        // weights 4 x 669,706 + batch 2 x (3,136 input + 2 x 4 x 2,058 activations) = 2,718,024
        // bytes
        assertThat(r.number(Column.BYTES_MOVED_PER_BATCH)).isEqualTo(2_718_024);
        assertThat(r.number(Column.ARITHMETIC_INTENSITY))
                .isCloseTo(2_674_688.0 / 2_718_024, within(1e-12));
        // compute 2,674,688 / 100e9 s = 0.0267 ms < memory 2,718,024 / 50e9 s = 0.0544 ms
        assertThat(r.number(Column.PREDICTED_LATENCY_MS)).isCloseTo(0.05436048, within(1e-12));
        assertThat(r.text(Column.BOUND)).isEqualTo("memory");
        // estimated: 4 W/core given x 2 cores / 22,446.56 samples/s
        assertThat(r.number(Column.ENERGY_J_PER_SAMPLE))
                .isCloseTo(3.5640211691640e-4, within(1e-15));
        assertThat(r.text(Column.ENERGY_SOURCE))
                .isEqualTo("estimated: 4.00 W/core x 2 cores (--watts-per-core 4, given)");
        // 3.5640e-4 J x 1,000 / 3.6e6 J/kWh x 475 g/kWh (codecarbon's world average)
        assertThat(r.number(Column.CO2_G_PER_1000_SAMPLES))
                .isCloseTo(4.702527931535861e-5, within(1e-18));
        assertThat(r.text(Column.CO2_SOURCE)).startsWith("475 g CO2e/kWh, codecarbon's");
        // (1,337,344 MACs x 4.6 pJ + 2,718,024 bytes x 160 pJ) / 2 samples, a lower bound
        assertThat(r.number(Column.ENERGY_OP_J_PER_SAMPLE))
                .isCloseTo(2.205178112e-4, within(1e-15));
        assertThat(r.text(Column.ENERGY_OP_SOURCE)).startsWith("lower bound: op-level");
        assertThat(r.text(Column.CPU_MODEL)).isEqualTo("Test CPU");
    }

    /** sample: mean 0.24591388879935552 ms per batch of 2, per caller. */
    @Test
    void latencyRow() {
        DerivedRow r = rows.get(4);
        assertThat(r.text(Column.JMH_MODE)).isEqualTo("sample");
        assertThat(r.number(Column.LATENCY_MS_MEAN)).isCloseTo(0.24591388879935552, within(1e-15));
        assertThat(r.number(Column.LATENCY_MS_ERROR)).isCloseTo(0.04200072758041637, within(1e-15));
        assertThat(r.number(Column.LATENCY_MS_P50)).isCloseTo(0.12454399999999999, within(1e-15));
        assertThat(r.number(Column.LATENCY_MS_P999)).isCloseTo(12.504350719999373, within(1e-12));
        // 2 callers x batch 2 / 0.000245914 s
        assertThat(r.number(Column.THROUGHPUT_SAMPLES_PER_S))
                .isCloseTo(16_265.856391965133, within(1e-9));
        assertThat(r.text(Column.THROUGHPUT_SOURCE)).startsWith("derived");
        assertThat(r.number(Column.MEASURED_OVER_PREDICTED))
                .isCloseTo(0.24591388879935552 / 0.05436048, within(1e-12));
    }

    /**
     * Where powercap was readable the harness reports the joules of the measured iterations and the
     * samples done meanwhile: here 7.5 J over 15,000 samples = 0.5 mJ per sample.
     */
    @Test
    void measuredEnergyWinsOverTheEstimate() throws Exception {
        String json = Fixtures.jmh("all-modes-2-callers.json");
        String measured =
                json.replaceFirst(
                                "\"energyJoules\" : \\{\\s*\"score\" : 0\\.0",
                                "\"energyJoules\" : { \"score\" : 7.5")
                        .replaceFirst(
                                "\"energyReadings\" : \\{\\s*\"score\" : 0\\.0",
                                "\"energyReadings\" : { \"score\" : 2.0")
                        .replaceFirst(
                                "\"energySamples\" : \\{\\s*\"score\" : 14068\\.0",
                                "\"energySamples\" : { \"score\" : 15000.0");
        DerivedRow r =
                deriver(Optional.of(MACHINE), (m, in, b) -> Optional.of(MLP))
                        .derive(JmhJson.parse("m", measured).results().get(0));
        assertThat(r.number(Column.ENERGY_J_PER_SAMPLE)).isEqualTo(0.0005);
        assertThat(r.text(Column.ENERGY_SOURCE))
                .isEqualTo("measured: powercap, package, over the measured iterations");
        // 0.5 mJ / 1,337,344 FLOPs
        assertThat(r.number(Column.PJ_PER_FLOP)).isCloseTo(0.0005 / 1_337_344 * 1e12, within(1e-9));
    }

    /**
     * Without watts per core (an unknown CPU, nothing given) the energy and CO2 cells stay empty
     * and energy_source says why and how to give one; the op-level lower bound is still written.
     */
    @Test
    void withoutAnEstimateTheEnergyCellsAreEmptyAndSayWhy() throws Exception {
        DerivedRow r =
                new Deriver(
                                "run-1",
                                Optional.of(MACHINE),
                                (m, in, b) -> Optional.of(MLP),
                                new EnergySettings(
                                        PowerEstimate.none("CPU 'Test CPU' is unknown"),
                                        GridIntensity.DEFAULT),
                                EnergyTable.horowitz45nm())
                        .derive(
                                JmhJson.parse("m", Fixtures.jmh("all-modes-2-callers.json"))
                                        .results()
                                        .get(0));
        assertThat(r.get(Column.ENERGY_J_PER_SAMPLE)).isEmpty();
        assertThat(r.get(Column.PJ_PER_FLOP)).isEmpty();
        assertThat(r.get(Column.CO2_G_PER_1000_SAMPLES)).isEmpty();
        assertThat(r.get(Column.CO2_SOURCE)).isEmpty();
        assertThat(r.text(Column.ENERGY_SOURCE))
                .isEqualTo(
                        "none: CPU 'Test CPU' is unknown; give --watts-per-core W (package watts"
                                + " per busy core) for an estimate");
        assertThat(r.number(Column.ENERGY_OP_J_PER_SAMPLE))
                .isCloseTo(2.205178112e-4, within(1e-15));
    }

    /**
     * 1 W/core x 2 cores / 22,446.56 samples/s = 8.9e-5 J, below the op-level 2.2e-4 J: the row
     * says the lower bound is not one here.
     */
    @Test
    void anOpLevelFigureAboveTheEstimateIsFlagged() throws Exception {
        DerivedRow r =
                new Deriver(
                                "run-1",
                                Optional.of(MACHINE),
                                (m, in, b) -> Optional.of(MLP),
                                new EnergySettings(PowerEstimate.given(1), GridIntensity.DEFAULT),
                                EnergyTable.horowitz45nm())
                        .derive(
                                JmhJson.parse("m", Fixtures.jmh("all-modes-2-callers.json"))
                                        .results()
                                        .get(0));
        assertThat(r.warnings())
                .anyMatch(
                        w ->
                                w.startsWith(
                                        "the op-level lower bound (0.000221 J/sample) is above"
                                                + " energy_j_per_sample (8.91e-05)"));
        assertThat(rows.get(0).warnings()).noneMatch(w -> w.contains("op-level"));
    }

    /** With SMT, 2 logical CPUs of 2 threads per core are 1 physical core. */
    @Test
    void busyCoresStopAtThePhysicalCores() {
        MachineProfile m = MACHINE;
        MachineProfile smt =
                new MachineProfile(
                        new CpuInfo("Test CPU", 2000, List.of("avx2"), "AuthenticAMD", 25, 17, 2),
                        m.cores(),
                        m.memoryBytes(),
                        m.os(),
                        m.kernel(),
                        m.jvm(),
                        m.garbageCollectors(),
                        m.engine(),
                        m.environment(),
                        m.gitCommit(),
                        m.createdAt(),
                        m.ceilings(),
                        m.theoreticalPeak());
        MetricsSource none = (model, in, b) -> Optional.empty();
        assertThat(deriver(Optional.of(smt), none).busyCores(2)).isEqualTo(1);
        assertThat(deriver(Optional.of(MACHINE), none).busyCores(2)).isEqualTo(2);
        assertThat(deriver(Optional.of(MACHINE), none).busyCores(4)).isEqualTo(2);
        assertThat(deriver(Optional.empty(), none).busyCores(3)).isEqualTo(3);
    }

    /**
     * A TorchScript file: operator MACs and module parameters, no activations; the input parameter
     * reaches the lookup.
     */
    @Test
    void aFileModelGetsFlopsAndPercentOfPeakButNoRooflineWithoutActivations() throws Exception {
        String json =
                Fixtures.jmh("all-modes-2-callers.json")
                        .replaceFirst(
                                "\"model\" : \"mlp\"",
                                "\"model\" : \"file:cnn.pt\", \"input\" : \"1x3x32x32:float32\"");
        StaticMetrics cnn =
                StaticMetrics.withoutActivations(
                        668_672,
                        669_706,
                        12_288,
                        new ComputeDtype(Map.of("bf16", 668_672L), false),
                        "");
        DerivedRow r =
                deriver(
                                Optional.of(MACHINE),
                                (m, in, b) ->
                                        m.equals("file:cnn.pt") && in.equals("1x3x32x32:float32")
                                                ? Optional.of(cnn)
                                                : Optional.empty())
                        .derive(JmhJson.parse("f", json).results().get(0));
        assertThat(r.text(Column.MODEL)).isEqualTo("file:cnn.pt");
        assertThat(r.text(Column.DTYPE)).isEqualTo("bf16");
        assertThat(r.number(Column.FLOPS_PER_SAMPLE)).isEqualTo(2 * 668_672);
        assertThat(r.number(Column.ACHIEVED_GFLOPS))
                .isCloseTo(30.018766702526367, within(1e-9)); // as the mlp row
        assertThat(r.number(Column.PCT_OF_PEAK)).isCloseTo(12.507819459385986, within(1e-9));
        assertThat(r.get(Column.ACTIVATIONS_PER_SAMPLE)).isEmpty();
        assertThat(r.get(Column.BYTES_MOVED_PER_BATCH)).isEmpty();
        assertThat(r.get(Column.PREDICTED_LATENCY_MS)).isEmpty();
        assertThat(r.get(Column.ENERGY_OP_J_PER_SAMPLE)).isEmpty();
        assertThat(r.get(Column.ENERGY_J_PER_SAMPLE)).isPresent();
        assertThat(r.warnings())
                .anyMatch(w -> w.startsWith("activations of file:cnn.pt are not counted"));
    }

    private static DerivedRow fileRow(ComputeDtype dtype, MachineProfile machine) throws Exception {
        String json =
                Fixtures.jmh("all-modes-2-callers.json")
                        .replaceFirst(
                                "\"model\" : \"mlp\"",
                                "\"model\" : \"file:m.pt\", \"input\" : \"1x3x16x16\"");
        StaticMetrics m = StaticMetrics.withoutActivations(97_280, 5_938, 3_072, dtype, "");
        return deriver(Optional.of(machine), (model, in, b) -> Optional.of(m))
                .derive(JmhJson.parse("f", json).results().get(0));
    }

    /**
     * bf16 convolutions (92,160 MACs) and an fp32 head (5,120), as in the bf16_mixed fixture:
     * mixed, and the warning says by how much: 94.7% and 5.26%.
     */
    @Test
    void aFileComputingInSeveralDtypesIsMixedWithItsSplitInTheWarnings() throws Exception {
        DerivedRow r =
                fileRow(new ComputeDtype(Map.of("fp32", 5_120L, "bf16", 92_160L), false), MACHINE);
        assertThat(r.text(Column.DTYPE)).isEqualTo("mixed");
        assertThat(r.warnings())
                .contains("computed in several dtypes: bf16 94.7% of MACs, fp32 5.26%");
    }

    /**
     * Integer operations of an int8 model (DESIGN.md: an int8 MAC is 2 OPs): all 97,280 MACs in
     * int8 give 194,560 OPs per sample; in a mixed file with the int8_fx_residual fixture's kind of
     * split (BERT's dynamic int8: linear layers in int8, attention in fp32), only the int8 share.
     */
    @Test
    void int8MacsAreCountedAsIntegerOperations() throws Exception {
        DerivedRow int8 = fileRow(new ComputeDtype(Map.of("int8", 97_280L), false), MACHINE);
        assertThat(int8.number(Column.INT8_OPS_PER_SAMPLE)).isEqualTo(194_560.0);
        assertThat(int8.number(Column.ACHIEVED_GOPS))
                .isCloseTo(
                        194_560 * int8.number(Column.THROUGHPUT_SAMPLES_PER_S) / 1e9,
                        org.assertj.core.data.Offset.offset(1e-9));
        // 3/4 of the MACs in int8: 72,960 MACs, 145,920 OPs
        DerivedRow mixed =
                fileRow(new ComputeDtype(Map.of("int8", 72_960L, "fp32", 24_320L), false), MACHINE);
        assertThat(mixed.number(Column.INT8_OPS_PER_SAMPLE)).isEqualTo(145_920.0);
        DerivedRow fp32 = fileRow(new ComputeDtype(Map.of("fp32", 97_280L), false), MACHINE);
        assertThat(fp32.get(Column.INT8_OPS_PER_SAMPLE)).isEmpty();
        assertThat(fp32.get(Column.ACHIEVED_GOPS)).isEmpty();
    }

    /** A code count that stopped before any product: no dtype claimed, and why. */
    @Test
    void aDtypeTheCodeCountDidNotReachIsLeftEmpty() throws Exception {
        DerivedRow r = fileRow(new ComputeDtype(Map.of(), true), MACHINE);
        assertThat(r.get(Column.DTYPE)).isEmpty();
        assertThat(r.warnings())
                .contains("dtype not known: the code count stopped before any matrix product");
        DerivedRow partial = fileRow(new ComputeDtype(Map.of("int8", 640L), true), MACHINE);
        assertThat(partial.text(Column.DTYPE)).isEqualTo("int8");
        assertThat(partial.warnings())
                .contains(
                        "dtype int8 from the matrix products the code count followed (it is"
                                + " partial)");
    }

    /** The zoo computes in fp32 by construction. */
    @Test
    void aZooModelComputesInFp32() {
        assertThat(rows.get(0).text(Column.DTYPE)).isEqualTo("fp32");
        // a benchmark that is not a model has no dtype
        assertThat(rows.stream().filter(r -> r.get(Column.MODEL).isEmpty()))
                .allMatch(r -> r.get(Column.DTYPE).isEmpty());
    }

    @Test
    void singleShotHasNoThroughputAndSaysWhy() {
        DerivedRow r = rows.get(6);
        assertThat(r.number(Column.LATENCY_MS_MEAN)).isCloseTo(1.56657275, within(1e-12));
        assertThat(r.get(Column.THROUGHPUT_SAMPLES_PER_S)).isEmpty();
        assertThat(r.warnings())
                .contains("single-shot time is a cold start: no throughput derived");
    }

    @Test
    void aModelWithoutMetricsKeepsItsTimingsAndWarns() {
        DerivedRow r = rows.get(1);
        assertThat(r.text(Column.MODEL)).isEqualTo("squeezenet1_1");
        assertThat(r.number(Column.THROUGHPUT_SAMPLES_PER_S)).isPositive();
        assertThat(r.get(Column.ACHIEVED_GFLOPS)).isEmpty();
        assertThat(r.warnings())
                .contains("no static metrics for model 'squeezenet1_1': model columns empty");
    }

    @Test
    void withoutAMachineProfileTheMachineColumnsAreEmpty() throws Exception {
        JmhJson.Parsed parsed = JmhJson.parse("f", Fixtures.jmh("all-modes-2-callers.json"));
        DerivedRow r =
                deriver(Optional.empty(), (m, in, b) -> Optional.of(MLP))
                        .derive(parsed.results().get(0));
        assertThat(r.get(Column.ACHIEVED_GFLOPS)).isPresent();
        assertThat(r.get(Column.PCT_OF_PEAK)).isEmpty();
        assertThat(r.get(Column.PREDICTED_LATENCY_MS)).isEmpty();
        assertThat(r.warnings())
                .contains("no machine profile: % of peak and the roofline prediction are empty");
    }

    @Test
    void ceilingsGetTheirRatesAndNoModelColumns() throws Exception {
        JmhJson.Parsed parsed = JmhJson.parse("c", Fixtures.jmh("ceilings.json"));
        List<DerivedRow> ceilings =
                deriver(Optional.of(MACHINE), (m, in, b) -> Optional.empty())
                        .derive(parsed.results());
        DerivedRow gemm = ceilings.get(0);
        assertThat(gemm.text(Column.BENCHMARK)).isEqualTo("MatmulPeakBenchmark.matmul");
        assertThat(gemm.get(Column.MODEL)).isEmpty();
        assertThat(gemm.number(Column.ACHIEVED_GFLOPS)).isCloseTo(74.866, within(0.001));
        assertThat(gemm.warnings()).singleElement().asString().contains("is not a model benchmark");
    }

    /**
     * Another project's JMH file: two configurations that differ only in its own parameter stay
     * apart, and the GC profiler's metrics are named as not derived.
     */
    @Test
    void foreignParametersAndSecondaryMetricsAreKept() {
        String entry =
                "{\"benchmark\": \"com.example.Foo.bar\", \"mode\": \"avgt\", \"threads\": 1,"
                        + " \"forks\": 1, \"params\": {\"impl\": \"%s\", \"size\": \"10\"},"
                        + " \"primaryMetric\": {\"score\": 2.0, \"scoreError\": 0.1, \"scoreUnit\":"
                        + " \"us/op\"}, \"secondaryMetrics\": {\"·gc.alloc.rate\": {\"score\": 5.0,"
                        + " \"scoreError\": 0.5, \"scoreUnit\": \"MB/sec\"}}}";
        String json = "[" + entry.formatted("array") + "," + entry.formatted("list") + "]";
        List<DerivedRow> rows =
                deriver(Optional.empty(), (m, in, b) -> Optional.empty())
                        .derive(JmhJson.parse("foreign.json", json).results());

        assertThat(rows)
                .extracting(r -> r.text(Column.JMH_PARAMS))
                .containsExactly("impl=array&size=10", "impl=list&size=10");
        assertThat(rows.get(0).warnings())
                .contains(
                        "secondary metrics not derived (they stay in the raw JSON): ·gc.alloc.rate");
    }

    /**
     * The real run's sample rows: mlp's 4,964 calls support p99 and not p99.9 (10,000 needed);
     * squeezenet1_1's 20 support p50 only (p90 needs 100). min and max are the histogram's smallest
     * and largest calls; p95 is JMH's.
     */
    @Test
    void sampleRowsCarryTheirCountAndTheSupportedPercentiles() {
        DerivedRow mlp = rows.get(4);
        assertThat(mlp.number(Column.LATENCY_N)).isEqualTo(4964);
        assertThat(mlp.number(Column.LATENCY_MS_MIN)).isEqualTo(0.092928);
        assertThat(mlp.number(Column.LATENCY_MS_MAX)).isEqualTo(24.543232);
        assertThat(mlp.number(Column.LATENCY_MS_P95)).isEqualTo(0.232704);
        assertThat(mlp.text(Column.PERCENTILES_VALID)).isEqualTo("p50 p90 p95 p99");
        assertThat(mlp.warnings())
                .contains(
                        "percentiles not supported by 4,964 samples (written, not valid: at least 10"
                                + " samples must lie beyond a percentile): p99.9 needs 10,000");
        DerivedRow squeezenet = rows.get(5);
        assertThat(squeezenet.number(Column.LATENCY_N)).isEqualTo(20);
        assertThat(squeezenet.text(Column.PERCENTILES_VALID)).isEqualTo("p50");
        assertThat(squeezenet.number(Column.LATENCY_MS_P99))
                .as("written, though not valid")
                .isEqualTo(143.13062399999998);
        assertThat(Percentiles.supported(squeezenet, Column.LATENCY_MS_P99)).isFalse();
        // avgt: the two iteration means; thrpt: no latency statistics
        assertThat(rows.get(2).number(Column.LATENCY_N)).isEqualTo(2);
        assertThat(rows.get(2).number(Column.LATENCY_MS_MAX)).isEqualTo(0.2164782409199164);
        assertThat(rows.get(2).get(Column.PERCENTILES_VALID)).isEmpty();
        assertThat(rows.get(0).get(Column.LATENCY_N)).isEmpty();
    }

    /**
     * Hand-made SampleTime results in microseconds. 1,000 calls: 990 of 500 us and 10 of 2,000 us:
     * min 0.5 ms, max 2 ms, mean 515 us, squared deviations 990 x 15^2 + 10 x 1,485^2 = 22,275,000,
     * stdev sqrt(22,275,000 / 999) = 149.3228 us; p99 is supported (exactly 10 calls beyond it),
     * p99.9 is not. 15 calls: no percentile is supported (p50 needs 20).
     */
    @Test
    void theRuleMarksPercentilesByTheSampleCountOfHandMadeResults() {
        String json =
                "[{\"benchmark\": \"com.example.Foo.bar\", \"mode\": \"sample\", \"threads\": 1, \"forks\": 2,"
                        + " \"primaryMetric\": {\"score\": 515.0, \"scoreError\": 9.0, \"scoreUnit\": \"us/op\","
                        + " \"scorePercentiles\": {\"50.0\": 500.0, \"90.0\": 500.0, \"95.0\": 500.0,"
                        + " \"99.0\": 500.0, \"99.9\": 2000.0},"
                        + " \"rawDataHistogram\": [[[[500.0, 490], [2000.0, 4]], [[500.0, 10]]],"
                        + " [[[500.0, 490], [2000.0, 6]]]]}},"
                        + " {\"benchmark\": \"com.example.Foo.bar\", \"mode\": \"sample\", \"threads\": 1, \"forks\": 1,"
                        + " \"primaryMetric\": {\"score\": 100.0, \"scoreError\": 9.0, \"scoreUnit\": \"us/op\","
                        + " \"scorePercentiles\": {\"50.0\": 100.0, \"99.0\": 100.0},"
                        + " \"rawDataHistogram\": [[[[100.0, 15]]]]}}]";
        List<DerivedRow> derived =
                deriver(Optional.empty(), (m, in, b) -> Optional.empty())
                        .derive(JmhJson.parse("x", json).results());
        DerivedRow thousand = derived.get(0);
        assertThat(thousand.number(Column.LATENCY_N)).isEqualTo(1000);
        assertThat(thousand.number(Column.LATENCY_MS_MIN)).isCloseTo(0.5, within(1e-15));
        assertThat(thousand.number(Column.LATENCY_MS_MAX)).isCloseTo(2.0, within(1e-15));
        assertThat(thousand.number(Column.LATENCY_MS_STDEV)).isCloseTo(0.1493228, within(1e-7));
        assertThat(thousand.number(Column.LATENCY_MS_P999)).isCloseTo(2.0, within(1e-15));
        assertThat(thousand.text(Column.PERCENTILES_VALID)).isEqualTo("p50 p90 p95 p99");
        assertThat(Percentiles.supported(thousand, Column.LATENCY_MS_P99)).isTrue();
        assertThat(Percentiles.supported(thousand, Column.LATENCY_MS_P999)).isFalse();
        assertThat(thousand.text(Column.WARNINGS))
                .contains("by 1,000 samples")
                .contains("p99.9 needs 10,000");
        DerivedRow fifteen = derived.get(1);
        assertThat(fifteen.number(Column.LATENCY_N)).isEqualTo(15);
        assertThat(fifteen.number(Column.LATENCY_MS_STDEV)).isEqualTo(0.0);
        assertThat(fifteen.text(Column.PERCENTILES_VALID)).isEqualTo("none");
        assertThat(fifteen.text(Column.WARNINGS))
                .contains(
                        "percentiles not supported by 15 samples (written, not valid: at least 10"
                                + " samples must lie beyond a percentile): p50 needs 20, p99 needs"
                                + " 1,000");
        assertThat(fifteen.get(Column.LATENCY_MS_P90)).as("JMH wrote no p90").isEmpty();
    }

    /**
     * JMH JSON from another suite: no params, an unknown benchmark, a time unit in microseconds.
     */
    @Test
    void foreignResultsGetTimingsAndAWarningNeverACrash() {
        String json =
                "[{\"benchmark\": \"com.example.Foo.bar\", \"mode\": \"avgt\", \"threads\": 1, \"forks\": 1,"
                        + " \"primaryMetric\": {\"score\": 250.0, \"scoreError\": 5.0, \"scoreUnit\": \"us/op\"}}]";
        DerivedRow r =
                deriver(Optional.of(MACHINE), (m, in, b) -> Optional.of(MLP))
                        .derive(JmhJson.parse("x", json).results().get(0));
        assertThat(r.text(Column.BENCHMARK)).isEqualTo("Foo.bar");
        assertThat(r.number(Column.LATENCY_MS_MEAN)).isEqualTo(0.25);
        assertThat(r.number(Column.LATENCY_MS_ERROR)).isEqualTo(0.005);
        assertThat(r.number(Column.THROUGHPUT_SAMPLES_PER_S)).isEqualTo(4000.0);
        assertThat(r.get(Column.MODEL)).isEmpty();
        assertThat(r.get(Column.INTRA_OP_THREADS)).isEmpty();
        assertThat(r.warnings())
                .contains(
                        "Foo.bar is not a model benchmark: model columns empty, one op counted as one sample");
    }

    @Test
    void csvHasTheColumnsInSchemaOrderAndLocaleFreeNumbers() {
        String csv = ResultsCsv.write(rows);
        String header = csv.lines().findFirst().orElseThrow();
        assertThat(header)
                .startsWith(
                        "run_id,model,batch_size,intra_op_threads,callers,dtype,jmh_mode,forks,iterations,"
                                + "latency_ms_mean,latency_ms_p50,latency_ms_p90,latency_ms_p99,latency_ms_p999,latency_ms_error,"
                                + "throughput_samples_per_s,macs_per_sample,flops_per_sample,params,activations_per_sample,"
                                + "peak_activation_bytes,model_size_bytes_fp32,achieved_gflops,peak_gflops_machine,pct_of_peak,"
                                + "arithmetic_intensity,predicted_latency_ms,bound,energy_j_per_sample,energy_source,pj_per_flop,"
                                + "cpu_model,cores,jvm,jvm_args,djl_version,libtorch_version,benchmark");
        assertThat(csv.lines()).hasSize(rows.size() + 1);
        assertThat(csv.lines().skip(1).findFirst().orElseThrow()).contains(",22446.6,");
        assertThat(ResultsCsv.format(0.000123456789)).isEqualTo("0.000123457");
        assertThat(ResultsCsv.format(1234567.0)).isEqualTo("1234570");
    }

    /**
     * 1000 callers on 2 cores: the sample mode's mean latency of 76.9 ms per batch of 1 allows 1000
     * x 1 / 0.0769 s = 13,004 samples/s; a Throughput row of 6,543,520 is 503x that.
     */
    @Test
    void aThroughputTheLatencyCannotExplainIsFlagged() {
        DerivedRow sample = mode("sample", 1000, 1000 / 0.0769);
        DerivedRow wild = mode("thrpt", 1000, 6_543_520);
        DerivedRow fine = mode("thrpt", 1, 13_000).put(Column.BATCH_SIZE, 8);
        DerivedRow fineSample = mode("sample", 1, 12_000).put(Column.BATCH_SIZE, 8);

        Deriver.crossCheckThroughput(List.of(sample, wild, fine, fineSample));

        assertThat(wild.warnings())
                .containsExactly(
                        "implausible: 6,543,520 samples/s measured is 503x what the sample mode's"
                                + " latency allows (13,004 samples/s = callers x batch / mean"
                                + " latency); do not trust this throughput");
        assertThat(fine.warnings()).as("13,000 vs 12,000 is within 1.5x").isEmpty();
        assertThat(sample.warnings()).isEmpty();
    }

    private static DerivedRow mode(String mode, int callers, double samplesPerSecond) {
        return new DerivedRow()
                .put(Column.BENCHMARK, "InferenceBenchmark.infer")
                .put(Column.JMH_PARAMS, "batchSize=1&model=mlp")
                .put(Column.BATCH_SIZE, 1)
                .put(Column.CALLERS, callers)
                .put(Column.JMH_MODE, mode)
                .put(Column.THROUGHPUT_SAMPLES_PER_S, samplesPerSecond);
    }

    /**
     * The same mlp throughput row (30.018766702526367 GFLOP/s on 2 busy cores) on a machine whose
     * FMA peak at 2 threads is 25 GFLOP/s: 120.075%, flagged; the GEMM column still derived.
     */
    @Test
    void aboveTheFmaPeakIsFlaggedWithTheLikelyReason() throws Exception {
        MachineProfile slow =
                Fixtures.machine(
                        List.of(
                                new Ceiling(1, 100, Double.NaN, 2048, 50, Double.NaN),
                                new Ceiling(2, 200, Double.NaN, 2048, 80, Double.NaN)
                                        .withFma(25, Double.NaN, 8, "FMA loop, 2 threads")));
        DerivedRow r =
                deriver(Optional.of(slow), (m, in, b) -> Optional.of(MLP))
                        .derive(
                                JmhJson.parse("f", Fixtures.jmh("all-modes-2-callers.json"))
                                        .results()
                                        .get(0));
        // 30.018766702526367 / 25 x 100
        assertThat(r.number(Column.PCT_OF_PEAK)).isCloseTo(120.07506681010547, within(1e-9));
        assertThat(r.warnings())
                .anyMatch(
                        w ->
                                w.startsWith(
                                                "120% of the measured FMA peak (25.0 GFLOP/s at 2"
                                                        + " threads)")
                                        && w.contains("more FLOPs counted than ran")
                                        && w.contains("turbo"));
        assertThat(r.number(Column.PCT_OF_GEMM_CEILING))
                .isCloseTo(15.009383351263184, within(1e-9));
        assertThat(r.warnings()).noneMatch(w -> w.contains("the products ran in"));
    }

    /**
     * Above the fp32 FMA peak in bf16: the likely reason comes first (97,280 MACs x 2 at the mlp
     * row's 22,446.56 samples/s = 4.37 GFLOP/s, 175% of a 2.5 GFLOP/s peak).
     */
    @Test
    void aboveTheFmaPeakInBf16SaysTheProductsWereNotFp32() throws Exception {
        MachineProfile slow =
                Fixtures.machine(
                        List.of(
                                new Ceiling(1, 100, Double.NaN, 2048, 50, Double.NaN),
                                new Ceiling(2, 200, Double.NaN, 2048, 80, Double.NaN)
                                        .withFma(2.5, Double.NaN, 8, "FMA loop, 2 threads")));
        DerivedRow r = fileRow(new ComputeDtype(Map.of("bf16", 97_280L), false), slow);
        assertThat(r.number(Column.PCT_OF_PEAK)).isGreaterThan(100);
        assertThat(r.warnings())
                .anyMatch(
                        w ->
                                w.contains(
                                        "GFLOP/s at 2 threads): the products ran in bf16, which the"
                                                + " cores can do faster than the fp32 FMAs the"
                                                + " peak measures; or more FLOPs counted"));
    }

    /** A machine.json from before the FMA peak: pct_of_peak empty and why; the GEMM % stays. */
    @Test
    void withoutAnFmaPeakOnlyTheGemmPercentIsDerived() throws Exception {
        MachineProfile old =
                Fixtures.machine(
                        List.of(
                                new Ceiling(1, 100, Double.NaN, 2048, 50, Double.NaN),
                                new Ceiling(2, 200, Double.NaN, 2048, 80, Double.NaN)));
        DerivedRow r =
                deriver(Optional.of(old), (m, in, b) -> Optional.of(MLP))
                        .derive(
                                JmhJson.parse("f", Fixtures.jmh("all-modes-2-callers.json"))
                                        .results()
                                        .get(0));
        assertThat(r.get(Column.PCT_OF_PEAK)).isEmpty();
        assertThat(r.get(Column.PEAK_GFLOPS_MACHINE)).isEmpty();
        assertThat(r.number(Column.PCT_OF_GEMM_CEILING))
                .isCloseTo(15.009383351263184, within(1e-9));
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("no FMA peak measured at 2 threads"));
    }

    /**
     * The mlp sample row (0.2459 ms per batch, 2,718,024 bytes moved) on a 1-thread roof of 1 GB/s:
     * the roof allows 2.718 ms, so the point lies above it and says why.
     */
    @Test
    void aPointAboveItsRoofIsFlagged() throws Exception {
        MachineProfile slowMemory =
                Fixtures.machine(
                        List.of(
                                new Ceiling(1, 100, Double.NaN, 2048, 1, Double.NaN),
                                new Ceiling(2, 200, Double.NaN, 2048, 80, Double.NaN)));
        DerivedRow r =
                deriver(Optional.of(slowMemory), (m, in, b) -> Optional.of(MLP))
                        .derive(
                                JmhJson.parse("f", Fixtures.jmh("all-modes-2-callers.json"))
                                        .results()
                                        .get(4));
        // 2,718,024 bytes / 1e9 B/s = 2.718024 ms
        assertThat(r.number(Column.PREDICTED_LATENCY_MS)).isCloseTo(2.718024, within(1e-12));
        assertThat(r.warnings())
                .anyMatch(
                        w ->
                                w.startsWith(
                                                "above its roof: 0.246 ms measured, 2.72 ms the"
                                                        + " memory roof allows at 1 threads")
                                        && w.contains("fits in the caches"));
    }

    /**
     * An FMA peak at 2 threads no higher than at 1 (another process held the second core): the rows
     * at 2 threads say their pct_of_peak reads high.
     */
    @Test
    void anFmaPeakThatDoesNotScaleIsFlagged() throws Exception {
        MachineProfile shared =
                Fixtures.machine(
                        List.of(
                                new Ceiling(1, 100, Double.NaN, 2048, 50, Double.NaN)
                                        .withFma(117, Double.NaN, 16, "FMA loop, 1 thread"),
                                new Ceiling(2, 200, Double.NaN, 2048, 80, Double.NaN)
                                        .withFma(117, Double.NaN, 16, "FMA loop, 2 threads")));
        DerivedRow r =
                deriver(Optional.of(shared), (m, in, b) -> Optional.of(MLP))
                        .derive(
                                JmhJson.parse("f", Fixtures.jmh("all-modes-2-callers.json"))
                                        .results()
                                        .get(0));
        assertThat(r.warnings())
                .contains(
                        "the FMA peak at 2 threads is 1.00x the 1-thread peak, not near 2x: the"
                                + " cores were likely shared with another process while it was"
                                + " measured, so pct_of_peak reads high");
        // the fixture machine's 120 and 240 GFLOP/s scale: no such warning
        assertThat(rows.get(0).warnings()).noneMatch(w -> w.contains("1-thread peak"));
    }

    /** The Deriver every test uses: run "run-1", the default power estimate, Horowitz's table. */
    private static Deriver deriver(Optional<MachineProfile> machine, MetricsSource metrics) {
        return new Deriver("run-1", machine, metrics, Fixtures.ENERGY, EnergyTable.horowitz45nm());
    }
}
