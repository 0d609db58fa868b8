package org.effbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
import org.effbench.serve.ServeOptions;
import org.effbench.serve.ServeReport;
import org.effbench.serve.ServeSettings;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.Ticker;
import org.effbench.serve.Workers;
import org.effbench.sweep.LaunchSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Serving capacity in open loop: requests arrive on a schedule at a target rate, N workers serve
 * them from one queue through a dynamic batcher, latency runs from each scheduled arrival; the
 * highest rate whose p99 meets the bound, by a search from the Offline throughput. Runs in a JVM
 * started like a benchmark fork (same allocator and MKL setting). As a sweep's job ({@code
 * --job-id}, {@code --into}, hidden), it runs in the JVM the sweep started with the job's launch
 * set and writes only its two files into the sweep's folder.
 */
@Command(
        name = ServeOptions.COMMAND,
        mixinStandardHelpOptions = true,
        description =
                "Serving capacity: the highest request rate whose p99 latency (from each request's"
                        + " scheduled arrival) stays within --p99, with N workers and a dynamic"
                        + " batcher; or one rate with --rate.")
final class ServeCommand implements Callable<Integer> {

    static final String P99 = ServeOptions.P99;
    static final String WORKERS = ServeOptions.WORKERS;
    static final String THREADS = ServeOptions.THREADS;
    static final String MAX_BATCH = ServeOptions.MAX_BATCH;
    static final String MAX_DELAY = ServeOptions.MAX_DELAY;
    static final String ARRIVAL = ServeOptions.ARRIVAL;
    static final String RATE = ServeOptions.RATE;
    static final String SECONDS = ServeOptions.SECONDS;
    static final String QUERIES = ServeOptions.QUERIES;
    static final String MIN_SECONDS = ServeOptions.MIN_SECONDS;
    static final String MIN_QUERIES = ServeOptions.MIN_QUERIES;

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
            defaultValue = ServeOptions.WORKERS_DEFAULT,
            description = "workers taking from the one queue (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(
            names = THREADS,
            description = "libtorch intra-op threads of each worker (default: cores / workers)")
    Integer threads;

    @Option(
            names = MAX_BATCH,
            defaultValue = ServeOptions.MAX_BATCH_DEFAULT,
            description = "the batcher's largest batch; 1: no batching (default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(
            names = MAX_DELAY,
            defaultValue = ServeOptions.MAX_DELAY_DEFAULT,
            paramLabel = "DURATION",
            description =
                    "how long a batch waits for more after its oldest request arrived (default:"
                            + " ${DEFAULT-VALUE})")
    String maxDelay;

    @Option(
            names = ARRIVAL,
            defaultValue = ServeOptions.ARRIVAL_DEFAULT,
            description = "poisson or constant (default: ${DEFAULT-VALUE})")
    String arrival;

    @Option(
            names = RATE,
            paramLabel = "QPS",
            description = "run this one rate (queries/s) instead of searching the capacity")
    String rate;

    @Option(
            names = SECONDS,
            defaultValue = ServeOptions.SECONDS_DEFAULT,
            description = "the most one point's arrivals last, s (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(
            names = QUERIES,
            defaultValue = ServeOptions.QUERIES_DEFAULT,
            description = "the most queries one point issues (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(
            names = MIN_SECONDS,
            defaultValue = ServeOptions.MIN_SECONDS_DEFAULT,
            description =
                    "a point runs at least this long, s, or is invalid (default: ${DEFAULT-VALUE},"
                            + " LoadGen's default; submissions use 600)")
    int minSeconds;

    @Option(
            names = MIN_QUERIES,
            defaultValue = ServeOptions.MIN_QUERIES_DEFAULT,
            description =
                    "a point serves at least this many queries or is invalid (default:"
                            + " ${DEFAULT-VALUE}, what a p99 needs; LoadGen Server submissions use"
                            + " 270,336)")
    int minQueries;

    @Option(
            names = ServeOptions.SEED,
            defaultValue = ServeOptions.SEED_DEFAULT,
            description = "seed of the arrival times (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = ServeOptions.JOB_ID,
            hidden = true,
            description = "a sweep's job: write serve-ID.json and serve-ID.hlog into --into")
    String jobId;

    @Option(
            names = ServeOptions.INTO,
            hidden = true,
            description = "with --job-id: the sweep's run folder (no folder, no charts of its own)")
    Path into;

    @Mixin ResultsOption results;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ModelRef ref = model.ref();
        ServeSettings settings = settings();
        Checks.atLeast(WORKERS, workers, ServeOptions.WORKERS_MIN);
        int t = threads();
        Optional<Path> job = jobFolder();
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
        // a sweep's job writes into the sweep's folder; a run of its own makes one
        Path dir =
                job.isPresent()
                        ? job.get()
                        : RunFolder.create(results.dir, "serve", Instant.now()).path();
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
        if (job.isPresent()) {
            // the sweep draws the charts, says where the files are and how long it took
            ServeFiles.write(
                    dir,
                    setup,
                    outcome,
                    ServeFiles.Run.job(
                            ref,
                            jobId,
                            System.getProperty(LaunchSet.PROPERTY, LaunchSet.DEFAULT),
                            Relaunch.settings()));
            return 0;
        }
        List<Path> charts =
                outcome.points().isEmpty()
                        ? List.of()
                        : ServeCharts.write(ServeChartData.of(setup, outcome), dir);
        for (Path p :
                ServeFiles.write(
                        dir,
                        setup,
                        outcome,
                        ServeFiles.Run.standalone(
                                ref,
                                Relaunch.settings(),
                                charts.stream().map(p -> p.getFileName().toString()).toList()))) {
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

    /**
     * The sweep's run folder when this run is a sweep's job ({@code --job-id} with {@code --into}),
     * checked.
     *
     * @throws IllegalArgumentException when one is given without the other, the id is not file-name
     *     safe or the folder does not exist
     */
    private Optional<Path> jobFolder() {
        if (jobId == null && into == null) {
            return Optional.empty();
        }
        if (jobId == null || into == null) {
            throw new IllegalArgumentException(
                    ServeOptions.JOB_ID
                            + " and "
                            + ServeOptions.INTO
                            + " go together; accepted: both (a sweep's job) or neither");
        }
        if (!jobId.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException(
                    ServeOptions.JOB_ID
                            + " '"
                            + jobId
                            + "' is not accepted; accepted: letters, digits, _ and -");
        }
        if (!Files.isDirectory(into)) {
            throw new IllegalArgumentException(
                    ServeOptions.INTO
                            + " '"
                            + into
                            + "' is not accepted; accepted: an existing folder (the sweep's run"
                            + " folder)");
        }
        return Optional.of(into);
    }

    /** Every option checked, before anything starts. */
    ServeSettings settings() {
        long bound = ServeOptions.bound(P99, p99);
        long delay = ServeOptions.maxDelay(MAX_DELAY, maxDelay);
        Checks.atLeast(MAX_BATCH, maxBatch, BenchParam.BATCH_SIZE.min());
        Arrival a = Arrival.parse(ARRIVAL, arrival);
        OptionalDouble r =
                rate == null
                        ? OptionalDouble.empty()
                        : OptionalDouble.of(Durations.rate(RATE, rate));
        RunLength length = ServeOptions.length(minQueries, minSeconds, queries, seconds);
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
