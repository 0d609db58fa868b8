package org.effbench.report;

import java.util.Locale;

/**
 * The columns of {@code results.csv}, in order, with their unit and derivation. The order is the
 * schema: new columns are appended, never renamed or moved. This is the one source of the column
 * descriptions: the table in {@code results/SCHEMA.md} is generated from it (see {@code SchemaDoc}
 * in the tests for the command) and a test fails when the two differ.
 */
public enum Column {
    RUN_ID("", "run folder name"),
    MODEL(
            "",
            "zoo model id, or file:PATH for a TorchScript file (empty for benchmarks that are not models)"),
    BATCH_SIZE(
            "samples",
            "samples per forward pass; serve: the largest batch the batcher may form (mean_batch: what it formed)"),
    INTRA_OP_THREADS(
            "threads",
            "libtorch intra-op threads of the fork; serve: of each worker (process-wide, shared)"),
    CALLERS(
            "threads",
            "concurrent callers (JMH threads); serve: workers taking batches from the one queue"),
    DTYPE(
            "",
            "number format the matrix products computed in, by MACs: fp32, bf16, fp16, int8 (a zoo"
                    + " model fp32; a file model as its code casts or its weights were saved);"
                    + " mixed for several, with the split in the warnings; empty when not known"),
    JMH_MODE("", "sample, thrpt, avgt or ss; empty for serve rows"),
    FORKS("", "JMH forks"),
    ITERATIONS("", "measured JMH iterations per fork"),
    LATENCY_MS_MEAN(
            "ms",
            "mean time of one forward pass of a batch (sample, avgt, ss modes); serve: of one request,"
                    + " from its scheduled arrival to its completion (open loop; empty for the offline point)"),
    LATENCY_MS_P50("ms", "median (sample mode; serve: of the requests' latencies)"),
    LATENCY_MS_P90("ms", "90th percentile (sample mode; serve)"),
    LATENCY_MS_P99("ms", "99th percentile (sample mode; serve)"),
    LATENCY_MS_P999("ms", "99.9th percentile (sample mode; serve)"),
    LATENCY_MS_ERROR(
            "ms",
            "JMH's 99.9% error of the mean (empty when JMH gives none); over several rounds, also"
                    + " the spread between them (see rounds)"),
    THROUGHPUT_SAMPLES_PER_S(
            "samples/s",
            "thrpt: JMH's invocations/s summed over callers x batch; sample/avgt: callers x batch / mean"
                    + " latency; serve: requests served / (first arrival to last completion), one request one sample"),
    MACS_PER_SAMPLE(
            "MACs",
            "multiply-accumulates of one sample (profile's count; for a file model, the count of its code "
                    + "at this batch / batch, or of libtorch's trace of a pass when the code cannot be followed to the end)"),
    FLOPS_PER_SAMPLE(
            "FLOPs",
            "2 x MACs (element-wise ops not counted); the int8 share of them are integer operations,"
                    + " see int8_ops_per_sample"),
    PARAMS("elements", "trainable parameters"),
    ACTIVATIONS_PER_SAMPLE(
            "elements",
            "sum of every layer's output elements for one sample (empty for a file model)"),
    PEAK_ACTIVATION_BYTES(
            "bytes",
            "computed peak live activation memory at this batch (liveness walk, input included; "
                    + "empty for a file model: the profile command measures it)"),
    MODEL_SIZE_BYTES_FP32("bytes", "params x 4"),
    ACHIEVED_GFLOPS("GFLOP/s", "flops_per_sample x throughput_samples_per_s / 1e9"),
    PEAK_GFLOPS_MACHINE(
            "GFLOP/s",
            "measured fp32 FMA peak of the cores at min(intra_op_threads x callers, cores) threads"
                    + " (FmaPeakBenchmark, see peak_method; empty when machine.json has none)"),
    PCT_OF_PEAK(
            "%",
            "achieved_gflops / peak_gflops_machine x 100; above 100 carries a warning with the likely reason"),
    ARITHMETIC_INTENSITY("FLOP/byte", "FLOPs of a batch / bytes_moved_per_batch"),
    PREDICTED_LATENCY_MS(
            "ms",
            "roofline: max(FLOPs / GEMM ceiling, bytes moved / memory bandwidth) at intra_op_threads;"
                    + " a faster measurement (above the roof) carries a warning"),
    BOUND("", "compute or memory: which term of the roofline dominates"),
    ENERGY_J_PER_SAMPLE(
            "J",
            "energy of one sample: measured (powercap), else estimated as watts per busy core x busy"
                    + " cores / throughput_samples_per_s; empty when neither is possible; see energy_source."
                    + " serve: watts per busy core x min(intra_op_threads, physical cores) x"
                    + " service_ms_per_sample (busy time, not wall time: idle workers' cores are not counted)"),
    ENERGY_SOURCE(
            "",
            "'measured: powercap ...'; or 'estimated: W/core x busy cores (basis)', the basis being, first found:"
                    + " --watts-per-core given, the CPU model's TDP / physical cores (src/main/resources/energy/cpu-tdp.csv,"
                    + " with the vendor page), or the median TDP / core over its CPUID family's SKUs with their range"
                    + " (cpu-families.csv; for a hidden or unlisted SKU); or 'none: why, and how to give --watts-per-core'."
                    + " Busy cores = min(intra_op_threads x callers, physical cores); resolved from the run's own"
                    + " machine.json and recorded in its energy.json; serve: 'estimated from busy time: W/core"
                    + " x cores per worker x busy time (basis)'"),
    PJ_PER_FLOP("pJ", "energy_j_per_sample / flops_per_sample x 1e12"),
    CPU_MODEL("", "from /proc/cpuinfo"),
    CORES("", "available processors"),
    JVM("", "vendor and version"),
    JVM_ARGS("", "arguments of the forked JVM"),
    DJL_VERSION("", "DJL"),
    LIBTORCH_VERSION("", "libtorch build"),
    // appended after the design vocabulary
    BENCHMARK("", "JMH benchmark, class.method; serve for the serving capacity's rows"),
    THROUGHPUT_SOURCE("", "measured (thrpt), derived from latency, or serve's achieved rate"),
    MEASURED_OVER_PREDICTED("", "latency_ms_mean / predicted_latency_ms"),
    MEMORY_GBPS_MACHINE("GB/s", "measured streaming bandwidth at intra_op_threads"),
    BYTES_MOVED_PER_BATCH("bytes", "weights + input + every activation written once and read once"),
    ENERGY_OP_J_PER_SAMPLE(
            "J",
            "op-level lower bound, not an estimate of the machine's energy: MACs x (mult + add) +"
                    + " bytes_moved_per_batch / 4 x DRAM read, per sample, at 45 nm per-operation energies;"
                    + " leaves out static power, caches, control and everything else a CPU spends; where it"
                    + " exceeds energy_j_per_sample the row warns (bytes counted from DRAM stayed in cache)"),
    ENERGY_OP_PJ_PER_FLOP(
            "pJ", "energy_op_j_per_sample / flops_per_sample x 1e12 (a lower bound likewise)"),
    ENERGY_OP_SOURCE(
            "",
            "'lower bound: op-level ...' and the energy table used (Horowitz, ISSCC 2014, 45 nm)"),
    THROUGHPUT_SAMPLES_PER_S_ERROR(
            "samples/s",
            "thrpt: JMH's 99.9% error of the score x batch (empty when derived or unknown); over"
                    + " several rounds, also the spread between them (see rounds)"),
    WARMUP("", "JMH warm-up: iterations x time"),
    MEASUREMENT(
            "",
            "JMH measurement: iterations x time; serve: the point's duration and requests served of planned"),
    WARNINGS("", "why a column is empty or approximate"),
    INTER_OP_THREADS(
            "threads", "libtorch inter-op threads of the fork (empty: libtorch's default)"),
    LAUNCH(
            "",
            "launch set of the sweep (JDK, JVM options, allocator, MKL dispatch), as run.json describes it;"
                    + " serve: the serve sweep's launch set (empty for the serve command)"),
    MACHINE_ID(
            "",
            "fingerprint of the machine (CPU model, cores, memory, kernel): rows of merged runs keep their machine apart"),
    JMH_PARAMS(
            "",
            "every JMH parameter of the configuration (effbench's and any other benchmark's), name=value"
                    + " joined by &, URL-encoded; serve: what tells its rows apart (model, input, workers, threads,"
                    + " max batch, max delay, arrival, bound, serve_point and a probe's offered rate)"),
    LAUNCH_SETTINGS(
            "",
            "what the launch set resolved to: allocator, MKL dispatch, JDK, JVM options; serve: how the"
                    + " serving JVM was launched, from serve.json's launch"),
    PEAK_MATRIX_SIZE("", "n of the n x n GEMM that measured gemm_gflops_machine"),
    // statistics that say how far the latency figures can be trusted (issue 13)
    LATENCY_N(
            "samples",
            "values behind the latency figures, all forks and iterations: sample mode: timed calls"
                    + " (JMH's rawDataHistogram); avgt: iteration means; ss: single shots; peer:"
                    + " timed calls; serve: requests served (HdrHistogram of the point, serve-*.hlog)"),
    LATENCY_MS_MIN("ms", "smallest of the latency_n values"),
    LATENCY_MS_MAX("ms", "largest of the latency_n values"),
    LATENCY_MS_STDEV(
            "ms",
            "standard deviation of the latency_n values (n - 1 in the denominator, JMH's Statistics);"
                    + " avgt: of the iteration means"),
    LATENCY_MS_P95("ms", "95th percentile (sample mode; serve)"),
    PERCENTILES_VALID(
            "",
            "the percentiles written on the row that latency_n supports (sample mode), e.g. 'p50 p90 p95 p99', or 'none':"
                    + " p is supported when at least 10 samples lie beyond it, latency_n x (1 - p/100) >= 10"
                    + " (p99 needs 1,000, p99.9 10,000; base.PercentileRule); the others are written but"
                    + " not valid, named in warnings, and kept out of verdicts"),
    // the measured FMA peak and the GEMM ceiling, appended together
    GEMM_GFLOPS_MACHINE(
            "GFLOP/s",
            "measured fp32 GEMM ceiling through the engine (n = peak_matrix_size) at min(intra_op_threads x callers, cores) threads"),
    PCT_OF_GEMM_CEILING("%", "achieved_gflops / gemm_gflops_machine x 100"),
    PEAK_METHOD(
            "", "how peak_gflops_machine was measured: API, vector lanes, accumulators, threads"),
    // energy that says what it is (issue 13)
    CO2_G_PER_1000_SAMPLES(
            "g CO2e",
            "energy_j_per_sample x 1000 / 3.6e6 J/kWh x the grid intensity of co2_source (no PUE, as"
                    + " codecarbon's default 1.0); empty when energy_j_per_sample is"),
    CO2_SOURCE(
            "",
            "the grid intensity in g CO2e/kWh and where it comes from: --grid-intensity given, else"
                    + " codecarbon's world-average fallback, 475 (IEA, Global Energy & CO2 Status Report 2019)"),
    // serving capacity in open loop (issue 15): rows whose benchmark is 'serve', one per load point
    OFFERED_RATE_PER_S(
            "queries/s",
            "serve: the rate the arrivals were scheduled at (see arrival); empty for the offline point"),
    ARRIVAL("", "serve: poisson (seeded exponential gaps) or constant (one every 1/rate)"),
    MAX_DELAY_MS(
            "ms",
            "serve: how long the batcher waits for a fuller batch after the oldest waiting request"
                    + " arrived (0: it takes what waits at once)"),
    MEAN_BATCH(
            "requests",
            "serve: requests per batch the batcher formed, on average (batch_size is the largest it may form)"),
    QUEUE_MS_MEAN(
            "ms",
            "serve: mean queue time, from a request's scheduled arrival to the start of its batch's service"),
    QUEUE_MS_P99("ms", "serve: 99th percentile of the queue time"),
    SERVICE_MS_MEAN(
            "ms",
            "serve: mean service time of a request: its batch's forward pass, start to end, on one worker"),
    SERVICE_MS_P99("ms", "serve: 99th percentile of the service time"),
    SERVICE_MS_PER_SAMPLE(
            "ms",
            "serve: the workers' busy time per request served: the sum over batches of each batch's service"
                    + " time / requests served, on one worker at intra_op_threads. The hlog holds each"
                    + " request's service time (its batch's), paired here with the batch sizes formed, longest"
                    + " with largest, and divided by its batch's size: exact when a larger batch never takes less"
                    + " time (offline: sum / mean_batch, exact when every batch was full). Against the same at"
                    + " batch 1 it is what batching saves"),
    LATENCY_BOUND_MS(
            "ms", "serve: the bound on the p99 latency that meets_bound and the capacity refer to"),
    MEETS_BOUND(
            "",
            "serve: true when the point's p99 was within the bound and it ran its whole schedule (not"
                    + " stopped early, saturated or decided); empty for the offline point"),
    LOAD_VALID(
            "",
            "serve: true when the point met the bound with at least the minimum queries over at least the"
                    + " minimum duration, its p99 supported by its count (MLPerf LoadGen's rules,"
                    + " serve.Validity); otherwise false with the reasons in warnings; empty for the offline point"),
    CAPACITY_PER_S(
            "queries/s",
            "serve: the layout's capacity, on each of its rows: the highest offered rate whose p99 met the"
                    + " bound below the lowest that failed (bisection from the offline throughput to 5%);"
                    + " empty when no rate met it or one rate was asked (--rate); its validity is load_valid"
                    + " of the layout's serve_point=capacity row"),
    SERVE_POINT(
            "",
            "serve: offline (every request queued at once: the throughput without a bound), probe (a rate"
                    + " the capacity search or --rate ran) or capacity (the probe at the capacity)"),
    // integer operations of int8 models (mission item 3)
    INT8_OPS_PER_SAMPLE(
            "OPs",
            "integer operations of one sample: 2 x the MACs its code computed in int8 (dtype int8, or"
                    + " mixed with an int8 share); empty when none. flops_per_sample still counts every MAC,"
                    + " these included"),
    ACHIEVED_GOPS("GOP/s", "int8_ops_per_sample x throughput_samples_per_s / 1e9"),
    ROUNDS(
            "",
            "rounds pooled into the row (a sweep's rounds = N: the whole job list run N times, each"
                    + " round in fresh forks): the mean is the mean of the rounds' means; the error"
                    + " (latency_ms_error, throughput_samples_per_s_error) the larger of the rounds'"
                    + " own 99.9% errors pooled (root of their sum of squares / N) and the 99.9%"
                    + " Student-t half-width of the rounds' means (t(0.9995, N - 1) x their standard"
                    + " deviation / root N), so a spread between forks widens it; percentiles,"
                    + " latency_n, min, max and stdev over every round's values together (none for a"
                    + " peer's rows, whose values are not kept); forks counts every round's. Each"
                    + " round's own figures are in rounds.csv. 1 for a configuration measured once;"
                    + " empty for serve rows");

    private final String unit;
    private final String derivation;

    Column(String unit, String derivation) {
        this.unit = unit;
        this.derivation = derivation;
    }

    /** The CSV header: the constant's name in lower case. */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String unit() {
        return unit;
    }

    public String derivation() {
        return derivation;
    }
}
