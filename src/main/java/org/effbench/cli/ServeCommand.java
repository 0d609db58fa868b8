package org.effbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.effbench.base.Checks;
import org.effbench.bench.BenchParam;
import org.effbench.engine.TorchEngine;
import org.effbench.launch.ForkLauncher;
import org.effbench.model.ForwardModel;
import org.effbench.model.ModelRef;
import org.effbench.report.ServeChartData;
import org.effbench.report.plot.ServeCharts;
import org.effbench.run.RunFolder;
import org.effbench.serve.Arrival;
import org.effbench.serve.BatchPolicy;
import org.effbench.serve.Capacity;
import org.effbench.serve.Durations;
import org.effbench.serve.ModelService;
import org.effbench.serve.PointResult;
import org.effbench.serve.RunLength;
import org.effbench.serve.ServeFiles;
import org.effbench.serve.ServeReport;
import org.effbench.serve.ServeSettings;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.Ticker;
import org.effbench.serve.Workers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Serving capacity in open loop: requests arrive on a schedule at a target rate, N workers serve
 * them from one queue through a dynamic batcher, latency runs from each scheduled arrival; the
 * highest rate whose p99 meets the bound, by a search from the Offline throughput. Runs in a JVM
 * started like a benchmark fork (same allocator and MKL setting).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Serving capacity: the highest request rate whose p99 latency (from each request's"
                        + " scheduled arrival) stays within --p99, with N workers and a dynamic"
                        + " batcher; or one rate with --rate.")
final class ServeCommand implements Callable<Integer> {

    static final String P99 = "--p99";
    static final String WORKERS = "--workers";
    static final String THREADS = "--threads";
    static final String MAX_BATCH = "--max-batch";
    static final String MAX_DELAY = "--max-delay";
    static final String ARRIVAL = "--arrival";
    static final String RATE = "--rate";
    static final String SECONDS = "--seconds";
    static final String QUERIES = "--queries";
    static final String MIN_SECONDS = "--min-seconds";
    static final String MIN_QUERIES = "--min-queries";

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Option(
            names = P99,
            required = true,
            paramLabel = "DURATION",
            description = "the latency bound on the p99, e.g. 100ms")
    String p99;

    @Option(
            names = WORKERS,
            defaultValue = "1",
            description = "workers taking from the one queue (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(
            names = THREADS,
            description = "libtorch intra-op threads of each worker (default: cores / workers)")
    Integer threads;

    @Option(
            names = MAX_BATCH,
            defaultValue = "1",
            description = "the batcher's largest batch; 1: no batching (default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(
            names = MAX_DELAY,
            defaultValue = "0ms",
            paramLabel = "DURATION",
            description =
                    "how long a batch waits for more after its oldest request arrived (default:"
                            + " ${DEFAULT-VALUE})")
    String maxDelay;

    @Option(
            names = ARRIVAL,
            defaultValue = "poisson",
            description = "poisson or constant (default: ${DEFAULT-VALUE})")
    String arrival;

    @Option(
            names = RATE,
            paramLabel = "QPS",
            description = "run this one rate (queries/s) instead of searching the capacity")
    String rate;

    @Option(
            names = SECONDS,
            defaultValue = "120",
            description = "the most one point's arrivals last, s (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(
            names = QUERIES,
            defaultValue = "100000",
            description = "the most queries one point issues (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(
            names = MIN_SECONDS,
            defaultValue = "10",
            description =
                    "a point runs at least this long, s, or is invalid (default: ${DEFAULT-VALUE},"
                            + " LoadGen's default; submissions use 600)")
    int minSeconds;

    @Option(
            names = MIN_QUERIES,
            defaultValue = "1000",
            description =
                    "a point serves at least this many queries or is invalid (default:"
                            + " ${DEFAULT-VALUE}, what a p99 needs; LoadGen Server submissions use"
                            + " 270,336)")
    int minQueries;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "seed of the arrival times (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin ResultsOption results;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ModelRef ref = model.ref();
        ServeSettings settings = settings();
        Checks.atLeast(WORKERS, workers, 1);
        int t = threads();
        if (!Relaunch.inLaunchedJvm()) {
            return Relaunch.run(ForkLauncher.defaults(), spec, "Serving");
        }
        long start = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        ServeSetup setup = new ServeSetup(ref.model(), workers, t);
        System.out.println(ServeReport.settings(setup, settings));
        if (workers * t > cores) {
            System.out.printf(
                    Locale.ROOT,
                    "warning: %d workers x %d threads oversubscribe %d cores%n",
                    workers,
                    t,
                    cores);
        }
        RunFolder folder = RunFolder.create(results.dir, "serve", Instant.now());
        TorchEngine.start(t);
        Capacity.Outcome outcome;
        try (ForwardModel loaded = ref.load();
                ModelService service = new ModelService(loaded, workers, maxBatch, t);
                Workers pool = new Workers(workers, service, Ticker.SYSTEM)) {
            pool.prepare();
            System.out.printf(
                    Locale.ROOT,
                    "warmed up: %d passes per batch size 1..%d per worker, in %.0f s%n",
                    ModelService.WARMUP_PASSES,
                    maxBatch,
                    (System.nanoTime() - start) / 1e9);
            outcome =
                    Capacity.run(
                            pool,
                            settings,
                            new Capacity.Listener() {
                                @Override
                                public void offline(PointResult offline) {
                                    System.out.println(ServeReport.offline(offline));
                                }

                                @Override
                                public void point(int index, Capacity.Point point) {
                                    System.out.println(ServeReport.point(index, point));
                                }
                            });
        }
        List<String> summary = ServeReport.summary(outcome);
        summary.forEach(System.out::println);
        List<Path> charts =
                outcome.points().isEmpty()
                        ? List.of()
                        : ServeCharts.write(ServeChartData.of(setup, outcome), folder.path());
        for (Path p :
                ServeFiles.write(
                        folder.path(),
                        setup,
                        outcome,
                        Relaunch.settings(),
                        charts.stream().map(p -> p.getFileName().toString()).toList())) {
            System.out.println("wrote " + p);
        }
        long took = Math.round((System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "took %d min %02d s%n", took / 60, took % 60);
        // the answer last, where a reader looks: the capacity, its validity, the charts
        System.out.println(summary.get(0));
        outcome.capacity().ifPresent(c -> System.out.println("  " + c.judgement().text()));
        charts.forEach(p -> System.out.println("chart: " + p));
        return 0;
    }

    /** Every option checked, before anything starts. */
    ServeSettings settings() {
        long bound = Durations.parse(P99, p99, 1);
        long delay = Durations.parse(MAX_DELAY, maxDelay, 0);
        Checks.atLeast(MAX_BATCH, maxBatch, BenchParam.BATCH_SIZE.min());
        if (delay > BatchPolicy.MAX_DELAY_NANOS) {
            throw new IllegalArgumentException(
                    MAX_DELAY + " '" + maxDelay + "' is not accepted; accepted: at most 60s");
        }
        Arrival a = Arrival.parse(ARRIVAL, arrival);
        OptionalDouble r =
                rate == null
                        ? OptionalDouble.empty()
                        : OptionalDouble.of(Durations.rate(RATE, rate));
        Checks.atLeast(SECONDS, seconds, 1);
        Checks.atLeast(QUERIES, queries, 1);
        Checks.atLeast(MIN_SECONDS, minSeconds, 0);
        Checks.atLeast(MIN_QUERIES, minQueries, 1);
        RunLength length =
                new RunLength(
                        minQueries, minSeconds * 1_000_000_000L, queries, seconds * 1_000_000_000L);
        return new ServeSettings(
                new BatchPolicy(maxBatch, delay),
                a,
                length,
                bound,
                seed,
                r,
                Math.max(1, minSeconds) * 1_000_000_000L);
    }

    private int threads() {
        if (threads == null) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers));
        }
        return Checks.atLeast(THREADS, threads, BenchParam.INTRA_OP_THREADS.min());
    }
}
