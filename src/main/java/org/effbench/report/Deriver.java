package org.effbench.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import org.effbench.base.ComputeDtype;
import org.effbench.base.Dtype;
import org.effbench.base.Flops;
import org.effbench.base.JvmArgs;
import org.effbench.bench.BenchParam;
import org.effbench.bench.InferenceBenchmark;
import org.effbench.bench.InferenceConfig;
import org.effbench.energy.EnergySettings;
import org.effbench.energy.EnergyTable;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.Metric;
import org.effbench.jmh.TimeUnits;
import org.effbench.machine.Ceiling;
import org.effbench.machine.MachineProfile;
import org.effbench.metrics.StaticMetrics;
import org.effbench.model.ModelRef;
import org.effbench.sweep.LaunchSet;

/**
 * Derives one {@link DerivedRow} per JMH result: latency and throughput from the scores, achieved
 * FLOPS against the machine's measured ceiling, the roofline prediction, and energy. It never
 * measures: every figure comes from the JMH JSON, the model's static metrics and the machine
 * profile, and a figure that cannot be derived is left empty with a warning.
 */
public final class Deriver {

    /**
     * The secondary metrics the derivation uses: the ceilings' rates (gfma: the FMA loop's vector
     * instructions, read by Ceilings) and measured energy.
     */
    private static final Set<String> SECONDARY =
            Set.of("gflop", "gbyte", "gfma", "energyJoules", "energySamples", "energyReadings");

    /** SampleTime's percentiles, which JMH repeats as secondary metrics ({@code p0.99}). */
    private static final Pattern PERCENTILE = Pattern.compile("p\\d+\\.\\d+");

    /**
     * Register-only FMA loops on n cores run n times as fast as on one; below this share of it
     * another process held a core while the peak was measured.
     */
    static final double SHARED_CORES = 0.75;

    private final String runId;
    private final Optional<MachineProfile> machine;
    private final MetricsSource metrics;
    private final EnergySettings energy;
    private final EnergyTable energyTable;

    /**
     * @param metrics static metrics of (model, input, batch size); empty when the model is unknown
     * @param energy the watts per busy core where nothing is measured, and the grid intensity
     * @param energyTable energy per operation, for the op-level lower bound
     */
    public Deriver(
            String runId,
            Optional<MachineProfile> machine,
            MetricsSource metrics,
            EnergySettings energy,
            EnergyTable energyTable) {
        this.runId = runId;
        this.machine = machine;
        this.metrics = metrics;
        this.energy = energy;
        this.energyTable = energyTable;
    }

    String runId() {
        return runId;
    }

    MetricsSource metrics() {
        return metrics;
    }

    EnergySettings energy() {
        return energy;
    }

    public List<DerivedRow> derive(List<BenchmarkResult> results) {
        List<DerivedRow> rows = new ArrayList<>();
        for (BenchmarkResult r : results) {
            rows.add(derive(r));
        }
        crossCheckThroughput(rows);
        return rows;
    }

    /**
     * How far a measured throughput may stray from what the same configuration's latency allows
     * (callers x batch / mean latency, Little's law for a closed loop) before it is called
     * implausible; two modes in two forks differ by some percent, not by half.
     */
    static final double PLAUSIBLE_RATIO = 1.5;

    /**
     * Flags a Throughput row whose figure the same configuration's latency mode cannot explain:
     * with more callers than the machine can run, JMH's per-thread sums stop meaning anything.
     */
    static void crossCheckThroughput(List<DerivedRow> rows) {
        Map<ConfigId, DerivedRow> latency = new HashMap<>();
        for (DerivedRow row : rows) {
            if (row.text(Column.JMH_MODE).equals("sample")
                    && row.number(Column.THROUGHPUT_SAMPLES_PER_S) > 0) {
                latency.putIfAbsent(withoutMode(row), row);
            }
        }
        for (DerivedRow row : rows) {
            DerivedRow other = latency.get(withoutMode(row));
            double measured = row.number(Column.THROUGHPUT_SAMPLES_PER_S);
            if (!row.text(Column.JMH_MODE).equals("thrpt") || other == null || !(measured > 0)) {
                continue;
            }
            double allowed = other.number(Column.THROUGHPUT_SAMPLES_PER_S);
            double ratio = measured / allowed;
            if (ratio > PLAUSIBLE_RATIO || ratio < 1 / PLAUSIBLE_RATIO) {
                row.warn(
                        String.format(
                                Locale.ROOT,
                                "implausible: %,.0f samples/s measured is %.3gx what the sample"
                                        + " mode's latency allows (%,.0f samples/s = callers x batch /"
                                        + " mean latency); do not trust this throughput",
                                measured,
                                ratio,
                                allowed));
            }
        }
    }

    private static ConfigId withoutMode(DerivedRow row) {
        return ConfigId.of(row).withMode("");
    }

    public DerivedRow derive(BenchmarkResult r) {
        DerivedRow row = new DerivedRow();
        // effbench's model benchmark, or a peer's rows for a zoo model
        Optional<InferenceConfig> config = config(r, row);
        boolean model = config.isPresent();
        int batch = config.map(InferenceConfig::batchSize).orElse(1);
        int threads =
                config.map(InferenceConfig::intraOpThreads).orElseGet(() -> ceilingThreads(r));
        int callers = r.threads();
        row.put(Column.RUN_ID, runId)
                .put(Column.BENCHMARK, r.shortName())
                .put(Column.MODEL, config.map(c -> c.model().model()).orElse(null))
                .put(Column.BATCH_SIZE, model ? batch : null)
                .put(Column.INTRA_OP_THREADS, threads > 0 ? threads : null)
                .put(Column.CALLERS, callers)
                .put(Column.JMH_MODE, r.mode())
                .put(Column.FORKS, r.forks())
                .put(Column.ITERATIONS, r.measurementIterations())
                .put(Column.WARMUP, r.warmupIterations() + " x " + r.warmupTime())
                .put(Column.MEASUREMENT, r.measurementIterations() + " x " + r.measurementTime())
                .put(Column.JVM_ARGS, String.join(" ", r.jvmArgs()))
                .put(
                        Column.INTER_OP_THREADS,
                        config.map(InferenceConfig::interOpThreads).filter(t -> t > 0).orElse(null))
                .put(Column.LAUNCH, launch(r.jvmArgs()))
                .put(Column.LAUNCH_SETTINGS, property(r.jvmArgs(), LaunchSet.SETTINGS_PROPERTY))
                .put(
                        Column.JMH_PARAMS,
                        ConfigId.encode(config.map(InferenceConfig::jmhParams).orElse(r.params())));
        machineColumns(row);

        if (model && machine.isPresent() && callers > machine.get().cores()) {
            row.warn(
                    callers
                            + " callers on "
                            + machine.get().cores()
                            + " cores: callers wait for a core, so latency includes the wait and"
                            + " throughput cannot exceed what the cores do");
        }
        List<String> unused =
                r.secondary().keySet().stream()
                        .filter(k -> !SECONDARY.contains(k) && !PERCENTILE.matcher(k).matches())
                        .sorted()
                        .toList();
        if (!unused.isEmpty()) {
            row.warn(
                    "secondary metrics not derived (they stay in the raw JSON): "
                            + String.join(", ", unused));
        }
        double latencyMs = latency(r, row);
        double samplesPerSecond = throughput(r, row, batch, callers, latencyMs);
        if (!model) {
            // The ceilings report their rate as a secondary metric.
            Optional.ofNullable(r.secondary().get("gflop"))
                    .ifPresent(
                            g ->
                                    row.put(
                                            Column.ACHIEVED_GFLOPS,
                                            TimeUnits.opsPerSecond(g.score(), g.unit())));
            Optional.ofNullable(r.secondary().get("gbyte"))
                    .ifPresent(
                            g ->
                                    row.put(
                                            Column.MEMORY_GBPS_MACHINE,
                                            TimeUnits.opsPerSecond(g.score(), g.unit())));
            row.warn(
                    r.shortName()
                            + " is not a model benchmark: model columns empty, one op counted as one sample");
            return row;
        }
        ModelRef ref = config.get().model();
        Optional<StaticMetrics> m = metrics.of(ref.model(), ref.input(), batch);
        if (m.isEmpty()) {
            row.warn("no static metrics for model '" + ref.model() + "': model columns empty");
            return row;
        }
        StaticMetrics s = m.get();
        modelCounts(row, s);
        s.peakActivationBytes().ifPresent(p -> row.put(Column.PEAK_ACTIVATION_BYTES, p));
        achieved(row, s, samplesPerSecond, threads, callers);
        ComputeDtype computed = s.dtype();
        Optional<Dtype> dtype = computed.dtype();
        OptionalDouble bytes =
                dtype.isPresent()
                        ? s.bytesMovedPerBatch(batch, dtype.get())
                        : OptionalDouble.empty();
        if (bytes.isPresent()) {
            double flopsPerBatch = (double) s.flopsPerSample() * batch;
            row.put(Column.BYTES_MOVED_PER_BATCH, Math.round(bytes.getAsDouble()))
                    .put(Column.ARITHMETIC_INTENSITY, flopsPerBatch / bytes.getAsDouble());
            roofline(row, threads, callers, flopsPerBatch, bytes.getAsDouble(), latencyMs);
        } else if (s.activationsPerSample().isEmpty()) {
            row.warn(
                    "activations of "
                            + ref.model()
                            + " are not counted (a TorchScript file has no layers "
                            + "to add them up from): bytes moved, roofline prediction and op-level energy empty");
        } else {
            row.warn(
                    "bytes moved need one element width, and the products computed in "
                            + (computed.label().isEmpty() ? "no known dtype" : computed.label())
                            + ": bytes moved, roofline prediction and op-level energy empty");
        }
        energy(r, row, s, bytes, dtype, batch, threads, callers, samplesPerSecond);
        return row;
    }

    /**
     * The model configuration of effbench's benchmark or of a peer's row; empty for any other
     * benchmark.
     */
    private static Optional<InferenceConfig> config(BenchmarkResult r, DerivedRow row) {
        if (!r.benchmark().equals(InferenceBenchmark.BENCHMARK)
                && !InferenceConfig.describedBy(r.params())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InferenceConfig.fromJmh(r.params()));
        } catch (IllegalArgumentException e) {
            row.warn(r.shortName() + ": parameters not understood (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** A ceiling benchmark's thread count; 0 when it has none. */
    private static int ceilingThreads(BenchmarkResult r) {
        try {
            return r.param(BenchParam.INTRA_OP_THREADS.jmhName())
                    .map(BenchParam.INTRA_OP_THREADS::parse)
                    .orElse(0);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private static double latency(BenchmarkResult r, DerivedRow row) {
        Metric p = r.primary();
        double mean = TimeUnits.millisPerOp(p.score(), p.unit());
        if (Double.isNaN(mean)) {
            return Double.NaN; // a throughput score
        }
        double scale = mean / p.score();
        row.put(Column.LATENCY_MS_MEAN, mean).put(Column.LATENCY_MS_ERROR, p.error() * scale);
        p.samples()
                .ifPresent(
                        s ->
                                row.put(Column.LATENCY_N, s.n())
                                        .put(Column.LATENCY_MS_MIN, s.min() * scale)
                                        .put(Column.LATENCY_MS_MAX, s.max() * scale)
                                        .put(Column.LATENCY_MS_STDEV, s.stdev() * scale));
        if (r.mode().equals("sample")) {
            Percentiles.COLUMNS.forEach((q, column) -> row.put(column, p.percentile(q) * scale));
            if (p.samples().isPresent()) {
                long n = p.samples().get().n();
                List<Double> written = Percentiles.written(row);
                row.put(Column.PERCENTILES_VALID, Percentiles.validCell(n, written));
                Percentiles.unsupportedWarning(n, written).ifPresent(row::warn);
            } else {
                row.put(Column.PERCENTILES_VALID, "none");
                row.warn(
                        "no sample count (the JMH file has no raw data): percentiles written, none"
                                + " valid");
            }
        }
        if (Double.isNaN(p.error())) {
            row.warn("JMH gave no error for the mean (too few iterations)");
        }
        return mean;
    }

    private static double throughput(
            BenchmarkResult r, DerivedRow row, int batch, int callers, double latencyMs) {
        Metric p = r.primary();
        double opsPerSecond = TimeUnits.opsPerSecond(p.score(), p.unit());
        if (!Double.isNaN(opsPerSecond)) {
            // JMH sums throughput over its threads: callers are already included.
            double samples = opsPerSecond * batch;
            row.put(Column.THROUGHPUT_SAMPLES_PER_S, samples)
                    .put(Column.THROUGHPUT_SOURCE, "measured")
                    .put(
                            Column.THROUGHPUT_SAMPLES_PER_S_ERROR,
                            TimeUnits.opsPerSecond(p.error(), p.unit()) * batch);
            return samples;
        }
        if (r.mode().equals("ss")) {
            row.warn("single-shot time is a cold start: no throughput derived");
            return Double.NaN;
        }
        double samples = callers * batch / (latencyMs / 1000.0);
        row.put(Column.THROUGHPUT_SAMPLES_PER_S, samples)
                .put(Column.THROUGHPUT_SOURCE, "derived: callers x batch / mean latency");
        return samples;
    }

    /**
     * % of the cores' measured FMA peak and of the GEMM ceiling, both at the cores the row keeps
     * busy: min(threads x callers, cores). A row above the FMA peak did not compute what its FLOPs
     * say, and is flagged with the likely reasons.
     */
    /** The machine's description on a row (CPU, cores, fingerprint, JVM, engine versions). */
    void machineColumns(DerivedRow row) {
        machine.ifPresent(
                m ->
                        row.put(Column.CPU_MODEL, m.cpu().model())
                                .put(Column.CORES, m.cores())
                                .put(Column.MACHINE_ID, m.fingerprint())
                                .put(Column.JVM, m.jvm().vendor() + " " + m.jvm().version())
                                .put(Column.DJL_VERSION, m.engine().djl())
                                .put(Column.LIBTORCH_VERSION, m.engine().libtorch()));
    }

    /**
     * The model's own counts on a row, per sample, with their caveats as warnings: what its
     * products computed in (fp32 for the zoo, a file's from its code), MACs, FLOPs, parameters. One
     * writer for the JMH rows and the serve rows.
     */
    static void modelCounts(DerivedRow row, StaticMetrics s) {
        if (!s.caveat().isEmpty()) {
            row.warn(s.caveat());
        }
        ComputeDtype computed = s.dtype();
        row.put(Column.DTYPE, computed.label().isEmpty() ? null : computed.label());
        computed.caveat().ifPresent(row::warn);
        row.put(Column.MACS_PER_SAMPLE, s.macsPerSample())
                .put(Column.FLOPS_PER_SAMPLE, s.flopsPerSample())
                .put(Column.PARAMS, s.params())
                .put(Column.MODEL_SIZE_BYTES_FP32, Dtype.FP32.weightBytes(s.params()));
        s.activationsPerSample().ifPresent(a -> row.put(Column.ACTIVATIONS_PER_SAMPLE, a));
    }

    /**
     * The work done at {@code samplesPerSecond}: GFLOP/s, int8 GOP/s and the share of the cores'
     * peak at {@code threads} x {@code callers}.
     */
    void achieved(
            DerivedRow row, StaticMetrics s, double samplesPerSecond, int threads, int callers) {
        double achieved = s.flopsPerSample() * samplesPerSecond / 1e9;
        row.put(Column.ACHIEVED_GFLOPS, achieved);
        int8Ops(row, s, samplesPerSecond);
        percentOfPeak(row, threads, callers, achieved, s.dtype());
    }

    /**
     * The integer operations of a model whose code computes in int8: 2 per int8 MAC (DESIGN.md's
     * OPs), per sample and per second.
     */
    private static void int8Ops(DerivedRow row, StaticMetrics s, double samplesPerSecond) {
        double share = s.dtype().share(Dtype.INT8.id());
        if (share > 0) {
            long ops = Math.round(share * s.macsPerSample()) * Flops.PER_MAC;
            row.put(Column.INT8_OPS_PER_SAMPLE, ops)
                    .put(Column.ACHIEVED_GOPS, ops * samplesPerSecond / 1e9);
        }
    }

    void percentOfPeak(
            DerivedRow row, int threads, int callers, double achieved, ComputeDtype computed) {
        if (machine.isEmpty()) {
            row.warn("no machine profile: % of peak and the roofline prediction are empty");
            return;
        }
        MachineProfile m = machine.get();
        int busy = Math.min(threads * callers, m.cores());
        Optional<Ceiling> shared = m.ceiling(busy);
        if (shared.isPresent() && shared.get().fmaGflops() > 0) {
            Ceiling c = shared.get();
            double pct = 100 * achieved / c.fmaGflops();
            row.put(Column.PEAK_GFLOPS_MACHINE, c.fmaGflops())
                    .put(Column.PEAK_METHOD, c.fmaMethod())
                    .put(Column.PCT_OF_PEAK, pct);
            Optional<Ceiling> one = m.ceiling(1);
            if (busy > 1 && one.isPresent() && one.get().fmaGflops() > 0) {
                double scaling = c.fmaGflops() / one.get().fmaGflops();
                if (scaling < SHARED_CORES * busy) {
                    row.warn(
                            String.format(
                                    Locale.ROOT,
                                    "the FMA peak at %d threads is %.2fx the 1-thread peak, not"
                                            + " near %dx: the cores were likely shared with"
                                            + " another process while it was measured, so"
                                            + " pct_of_peak reads high",
                                    busy,
                                    scaling,
                                    busy));
                }
            }
            if (pct > 100) {
                boolean fp32 = computed.label().equals(Dtype.FP32.id());
                row.warn(
                        String.format(
                                Locale.ROOT,
                                "%.0f%% of the measured FMA peak (%.1f GFLOP/s at %d threads):"
                                        + "%s more FLOPs counted than ran (fused or skipped ops, a"
                                        + " cheaper algorithm such as Winograd or FFT convolution),"
                                        + " or the cores ran faster than while the peak was"
                                        + " measured (turbo, a quieter machine)",
                                pct,
                                c.fmaGflops(),
                                busy,
                                fp32 || computed.label().isEmpty()
                                        ? ""
                                        : " the products ran in "
                                                + computed.label()
                                                + ", which the cores can do faster than the fp32"
                                                + " FMAs the peak measures; or"));
            }
        } else {
            row.warn(
                    "no FMA peak measured at "
                            + busy
                            + " threads (machine.json from before FmaPeakBenchmark, or ceilingFma=off):"
                            + " pct_of_peak empty");
        }
        if (shared.isPresent() && shared.get().gemmGflops() > 0) {
            row.put(Column.GEMM_GFLOPS_MACHINE, shared.get().gemmGflops())
                    .put(Column.PEAK_MATRIX_SIZE, shared.get().gemmMatrixSize())
                    .put(Column.PCT_OF_GEMM_CEILING, 100 * achieved / shared.get().gemmGflops());
        } else {
            row.warn("no GEMM ceiling measured at " + busy + " threads");
        }
    }

    private void roofline(
            DerivedRow row,
            int threads,
            int callers,
            double flopsPerBatch,
            double bytes,
            double latencyMs) {
        if (machine.isEmpty()) {
            return; // warned by percentOfPeak
        }
        MachineProfile m = machine.get();
        Optional<Ceiling> own = m.ceiling(threads);
        if (own.isEmpty() || !(own.get().gemmGflops() > 0) || !(own.get().memoryGBps() > 0)) {
            row.warn(
                    "no GEMM and bandwidth ceilings at "
                            + threads
                            + " threads: no roofline prediction");
            return;
        }
        double computeMs = flopsPerBatch / (own.get().gemmGflops() * 1e9) * 1e3;
        double memoryMs = bytes / (own.get().memoryGBps() * 1e9) * 1e3;
        double predicted = Math.max(computeMs, memoryMs);
        boolean computeBound = computeMs >= memoryMs;
        row.put(Column.MEMORY_GBPS_MACHINE, own.get().memoryGBps())
                .put(Column.PREDICTED_LATENCY_MS, predicted)
                .put(Column.BOUND, computeBound ? "compute" : "memory")
                .put(Column.MEASURED_OVER_PREDICTED, latencyMs / predicted);
        if (latencyMs < predicted) {
            row.warn(
                    String.format(
                            Locale.ROOT,
                            "above its roof: %.3g ms measured, %.3g ms the %s roof allows at %d"
                                    + " threads; %s",
                            latencyMs,
                            predicted,
                            computeBound ? "GEMM" : "memory",
                            threads,
                            computeBound
                                    ? "more FLOPs counted than ran (fused or skipped ops), or a"
                                            + " kernel faster than the GEMM ceiling's at this shape"
                                    : "the bytes counted all go to DRAM, but a working set that"
                                            + " fits in the caches moves less"));
        }
        if (threads * callers > m.cores()) {
            row.warn(
                    callers
                            + " callers x "
                            + threads
                            + " threads oversubscribe "
                            + m.cores()
                            + " cores: the prediction assumes one caller alone");
        }
    }

    /** The launch set a fork was started with: the value of {@code -Deffbench.launch=}, if any. */
    static String launch(List<String> jvmArgs) {
        return property(jvmArgs, LaunchSet.PROPERTY);
    }

    /** The value of the last {@code -Dname=} among {@code jvmArgs}; null when absent. */
    private static String property(List<String> jvmArgs, String name) {
        return JvmArgs.property(jvmArgs, name).orElse(null);
    }

    /**
     * Energy per sample: measured (powercap) where the fork read it, else watts per busy core x
     * busy cores / samples per second, else empty with energy_source saying why; its CO2 at the
     * grid intensity; and beside it the op-level figure, a lower bound (arithmetic and DRAM traffic
     * only), never a second answer.
     */
    private void energy(
            BenchmarkResult r,
            DerivedRow row,
            StaticMetrics s,
            OptionalDouble bytes,
            Optional<Dtype> computed,
            int batch,
            int threads,
            int callers,
            double samplesPerSecond) {
        Metric joules = r.secondary().get("energyJoules");
        Metric samples = r.secondary().get("energySamples");
        Metric readings = r.secondary().get("energyReadings");
        double perSample;
        if (joules != null
                && samples != null
                && readings != null
                && readings.score() > 0
                && samples.score() > 0) {
            perSample = joules.score() / samples.score();
            row.put(
                    Column.ENERGY_SOURCE,
                    "measured: powercap, package, over the measured iterations");
        } else if (samplesPerSecond > 0) {
            int busy = busyCores(threads * callers);
            perSample = energy.power().joulesPerSample(busy, samplesPerSecond);
            row.put(Column.ENERGY_SOURCE, energy.power().label(busy));
        } else {
            perSample = Double.NaN;
        }
        row.put(Column.ENERGY_J_PER_SAMPLE, perSample)
                .put(Column.PJ_PER_FLOP, perSample / s.flopsPerSample() * 1e12);
        if (!Double.isNaN(perSample)) {
            row.put(Column.CO2_G_PER_1000_SAMPLES, energy.grid().gramsPer1000Samples(perSample))
                    .put(Column.CO2_SOURCE, energy.grid().label());
        }
        if (bytes.isEmpty() || computed.isEmpty()) {
            return;
        }
        Dtype dtype = computed.get();
        double opJoules =
                energyTable.joules(s.macsPerSample() * batch, bytes.getAsDouble(), dtype) / batch;
        row.put(Column.ENERGY_OP_J_PER_SAMPLE, opJoules)
                .put(Column.ENERGY_OP_PJ_PER_FLOP, opJoules / s.flopsPerSample() * 1e12)
                .put(
                        Column.ENERGY_OP_SOURCE,
                        String.format(
                                Locale.ROOT,
                                "lower bound: op-level, arithmetic and DRAM traffic only (no static"
                                        + " power, caches or control), %s: %.2f pJ/%s MAC, %.0f"
                                        + " pJ/byte from DRAM",
                                energyTable.source(),
                                energyTable.macPicojoules(dtype),
                                dtype,
                                energyTable.dramPicojoulesPerByte()));
        if (opJoules > perSample) {
            row.warn(
                    String.format(
                            Locale.ROOT,
                            "the op-level lower bound (%.3g J/sample) is above energy_j_per_sample"
                                    + " (%.3g): bytes_moved_per_batch counts as DRAM traffic what"
                                    + " stays in cache (small weights), or the watts per core are"
                                    + " too low",
                            opJoules,
                            perSample));
        }
    }

    /**
     * The physical cores {@code busyThreads} threads keep busy: one each up to the machine's
     * physical cores (the scheduler spreads threads over cores before it doubles them up on SMT
     * siblings), which are its logical CPUs / threads per core.
     */
    int busyCores(int busyThreads) {
        return machine.map(
                        m ->
                                Math.min(
                                        busyThreads,
                                        Math.max(
                                                1,
                                                m.cores() / Math.max(1, m.cpu().threadsPerCore()))))
                .orElse(busyThreads);
    }
}
