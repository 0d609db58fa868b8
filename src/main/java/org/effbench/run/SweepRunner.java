package org.effbench.run;

import static org.effbench.sweep.SweepKey.ARRIVAL;
import static org.effbench.sweep.SweepKey.CEILING_ARRAY_MIB;
import static org.effbench.sweep.SweepKey.CEILING_FMA;
import static org.effbench.sweep.SweepKey.CEILING_MATRIX_SIZE;
import static org.effbench.sweep.SweepKey.FORKS;
import static org.effbench.sweep.SweepKey.LAUNCHES;
import static org.effbench.sweep.SweepKey.MAX_QUERIES;
import static org.effbench.sweep.SweepKey.MAX_SECONDS;
import static org.effbench.sweep.SweepKey.MEASUREMENT_ITERATIONS;
import static org.effbench.sweep.SweepKey.MEASUREMENT_TIME;
import static org.effbench.sweep.SweepKey.MIN_QUERIES;
import static org.effbench.sweep.SweepKey.MIN_SECONDS;
import static org.effbench.sweep.SweepKey.P99;
import static org.effbench.sweep.SweepKey.ROUNDS;
import static org.effbench.sweep.SweepKey.SEED;
import static org.effbench.sweep.SweepKey.TIMEOUT;
import static org.effbench.sweep.SweepKey.WARMUP_ITERATIONS;
import static org.effbench.sweep.SweepKey.WARMUP_TIME;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.effbench.base.Fingerprints;
import org.effbench.bench.BenchParam;
import org.effbench.bench.FmaPeakBenchmark;
import org.effbench.bench.InferenceBenchmark;
import org.effbench.bench.MatmulPeakBenchmark;
import org.effbench.bench.MemoryBandwidthBenchmark;
import org.effbench.launch.ForkLauncher;
import org.effbench.launch.PythonPeer;
import org.effbench.machine.CpuInfo;
import org.effbench.serve.Durations;
import org.effbench.serve.ServeOptions;
import org.effbench.sweep.Job;
import org.effbench.sweep.LaunchSet;
import org.effbench.sweep.Shard;
import org.effbench.sweep.SweepDefinition;
import org.effbench.sweep.SweepKind;
import org.effbench.sweep.SweepPlan;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a sweep one job at a time, each in fresh forks started by its launch set's launcher (a serve
 * job: the serve command in a JVM of its own), each job's JSON kept as soon as it completes. A job
 * that fails (out of memory at a large batch, an engine error) is recorded with its reason and the
 * sweep goes on. Restarted with the same definition and shard, a sweep that did not complete
 * resumes in its folder and runs only what is left; one that completed starts a new folder.
 */
public final class SweepRunner {

    private final Path resultsDir;
    private final PrintStream console;
    private final Clock clock;
    private final String mainClass;

    /**
     * @param mainClass the class whose {@code main} runs this jar's command line: a serve job runs
     *     the serve command through it in a JVM of its own
     */
    public SweepRunner(Path resultsDir, PrintStream console, Clock clock, String mainClass) {
        this.resultsDir = resultsDir;
        this.console = console;
        this.clock = clock;
        this.mainClass = mainClass;
    }

    /**
     * The run folder, the jobs that failed (recorded in its sweep.json) and the result files it
     * holds (JMH's JSON; a serve job's JSON and histogram log).
     */
    public record Result(RunFolder folder, List<String> failed, List<String> results) {}

    /**
     * Runs (or resumes) {@code sweep}'s part {@code shard}.
     *
     * @param retryFailed run again the jobs an earlier attempt recorded as failed
     * @throws IllegalArgumentException before anything runs, if a launch set cannot start here
     */
    public Result run(
            SweepDefinition sweep, Shard shard, List<String> arguments, boolean retryFailed) {
        return run(sweep, shard, arguments, retryFailed, null);
    }

    /**
     * Runs (or resumes) {@code sweep}'s part {@code shard}: in {@code resume} when given, else in
     * the newest folder of the same sweep that did not complete (with {@code retryFailed}: the
     * newest, complete or not), else in a new folder.
     *
     * @param retryFailed run again the jobs an earlier attempt recorded as failed, in its folder
     * @param resume a run folder of this sweep to go on in; {@code null} to find it
     * @throws IllegalArgumentException before anything runs, if a launch set cannot start here or
     *     {@code resume} is not a folder of this sweep
     * @throws IllegalStateException before anything runs, if another runner holds the folder
     */
    public Result run(
            SweepDefinition sweep,
            Shard shard,
            List<String> arguments,
            boolean retryFailed,
            Path resume) {
        List<Job> jobs = SweepPlan.jobs(sweep, shard);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException(
                    "sweep " + sweep.name() + " shard " + shard + " has no configurations to run");
        }
        sweep.get(LAUNCHES).forEach(LaunchSet::checkInstalled);
        Optional<PythonPeer> peer =
                jobs.stream().anyMatch(Job.Peer.class::isInstance)
                        ? Optional.of(PythonPeer.installed(CpuInfo.read().has("avx512f")))
                        : Optional.empty();
        String hash = hash(sweep, shard);
        Instant start = clock.instant();
        Optional<RunFolder> earlier =
                resume != null
                        ? Optional.of(named(resume, sweep, shard, hash))
                        : previous(sweep, shard, hash, retryFailed);
        RunFolder folder =
                earlier.orElseGet(
                        () ->
                                RunFolder.create(
                                        resultsDir,
                                        sweep.name() + (shard.whole() ? "" : "-" + shard.label()),
                                        start));
        Attempt attempt = new Attempt(sweep, shard, hash, jobs, folder, earlier, start, peer);
        try (RunGuard guard = RunGuard.hold(folder, console, attempt::kept)) {
            return attempt.run(arguments, retryFailed, guard);
        }
    }

    /** One attempt at a sweep in its folder, and how far it got (what it says when stopped). */
    private final class Attempt {
        private final SweepDefinition sweep;
        private final Shard shard;
        private final String hash;
        private final List<Job> jobs;
        private final RunFolder folder;
        private final Optional<RunFolder> earlier;
        private final Instant start;
        private final Optional<PythonPeer> peer;
        private volatile long done;

        /** What the console has shown of JMH's output; shared by the jobs. */
        private final JmhProgressFilter.Shown shown = new JmhProgressFilter.Shown();

        Attempt(
                SweepDefinition sweep,
                Shard shard,
                String hash,
                List<Job> jobs,
                RunFolder folder,
                Optional<RunFolder> earlier,
                Instant start,
                Optional<PythonPeer> peer) {
            this.sweep = sweep;
            this.peer = peer;
            this.shard = shard;
            this.hash = hash;
            this.jobs = jobs;
            this.folder = folder;
            this.earlier = earlier;
            this.start = start;
        }

        String kept() {
            return done
                    + " of "
                    + jobs.size()
                    + " jobs done and kept in "
                    + folder.path()
                    + " ("
                    + SweepState.FILE
                    + " says which); the same command resumes, running only what is left";
        }

        Result run(List<String> arguments, boolean retryFailed, RunGuard guard) {
            Map<String, ForkLauncher.Prepared> launchers = new LinkedHashMap<>();
            for (LaunchSet l : sweep.get(LAUNCHES)) {
                launchers.put(
                        l.name(),
                        l.launcher()
                                .prepare(
                                        folder.path(),
                                        ForkLauncher.cacheDir(),
                                        "fork-launcher-" + l.name() + ".sh"));
            }
            SweepState state =
                    earlier.map(f -> SweepState.read(f.path()).resumed())
                            .orElseGet(() -> newState(sweep, shard, hash, jobs));
            // written at once, so that a second runner finds this folder, and its lock
            writeState(folder, state);
            done = state.count(SweepState.JobState.DONE);
            console.printf(
                    "effbench %s%s: %d jobs (%d %s%s); %s%s%n",
                    sweep.name(),
                    shard.whole() ? "" : " shard " + shard,
                    jobs.size(),
                    jobs.stream().filter(j -> !(j instanceof Job.Ceiling)).count(),
                    sweep.kind() == SweepKind.SERVE
                            ? "serve layouts, each a capacity search in its own JVM"
                            : "model configurations, each in its own fork"
                                    + (sweep.get(ROUNDS) > 1
                                            ? ", in " + sweep.get(ROUNDS) + " rounds"
                                            : ""),
                    jobs.stream().anyMatch(j -> j instanceof Job.Ceiling)
                            ? ", then the ceilings"
                            : "",
                    earlier.isPresent()
                            ? "resuming " + folder.path() + " with " + done + " done"
                            : "results in " + folder.path(),
                    state.failed().isEmpty()
                            ? ""
                            : retryFailed
                                    ? "; running again the "
                                            + state.failed().size()
                                            + " that failed"
                                    : "; "
                                            + state.failed().size()
                                            + " failed before (--retry-failed runs them)");
            launchers.forEach(
                    (name, p) -> console.println("Launch set " + name + ": " + p.settings()));
            // the peer's script as it ran, beside its rows
            Optional<Path> peerScript = peer.map(p -> PythonPeer.writeScript(folder.path()));

            List<Double> seconds = new ArrayList<>();
            List<Job> toRun =
                    toRun(
                            jobs,
                            state,
                            job -> Files.exists(folder.file(job.resultFile())),
                            retryFailed);
            int position = 0;
            for (Job job : toRun) {
                position++;
                Instant jobStart = clock.instant();
                Ran outcome;
                try {
                    outcome =
                            job instanceof Job.Peer p
                                    ? runPeer(
                                            sweep,
                                            p,
                                            peer.orElseThrow(),
                                            peerScript.orElseThrow(),
                                            folder,
                                            guard,
                                            shown)
                                    : runJob(
                                            sweep,
                                            job,
                                            launchers.get(job.launch().name()),
                                            folder,
                                            guard,
                                            shown);
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage() + "; " + kept(), e);
                } catch (Stopped e) {
                    throw new IllegalStateException(
                            job.id() + ": " + e.getMessage() + "; " + kept(), e);
                }
                double took = Duration.between(jobStart, clock.instant()).toMillis() / 1e3;
                seconds.add(took);
                SweepState.JobState recorded =
                        new SweepState.JobState(
                                outcome.state().status(), took, outcome.state().error());
                String left = eta(seconds, toRun.size() - position);
                state = state.with(job.id(), recorded);
                SweepState now = state;
                int at = position;
                guard.record(
                        () -> {
                            writeState(folder, now);
                            done = now.count(SweepState.JobState.DONE);
                            console.printf(
                                    Locale.ROOT,
                                    "[%d/%d] %s %s in %.0f s%s%s%n",
                                    at,
                                    toRun.size(),
                                    job.id(),
                                    recorded.status(),
                                    took,
                                    recorded.error() != null
                                            ? ": " + recorded.error()
                                            : outcome.figure().isEmpty()
                                                    ? ""
                                                    : ": " + outcome.figure(),
                                    left);
                        });
            }
            SweepState completed = state.completed();
            Map<String, Map<String, String>> forks = new LinkedHashMap<>();
            launchers.forEach((name, p) -> forks.put(name, p.settings()));
            List<String> results =
                    jobs.stream()
                            .flatMap(SweepRunner::files)
                            .filter(n -> Files.exists(folder.file(n)))
                            .toList();
            guard.record(
                    () -> {
                        writeState(folder, completed);
                        RunRecords.writeManifest(
                                folder,
                                sweep.name(),
                                arguments,
                                sweep.describe(),
                                forks,
                                start,
                                clock.instant(),
                                results);
                        RunRecords.writeMachine(folder, clock.instant());
                    });
            if (!completed.failed().isEmpty()) {
                console.println(
                        "Failed (recorded in "
                                + SweepState.FILE
                                + "; --retry-failed runs them again in this folder): "
                                + String.join(", ", completed.failed()));
            }
            return new Result(folder, completed.failed(), results);
        }
    }

    /** The files a job leaves in the run folder: its result file, and a serve job's histograms. */
    static Stream<String> files(Job job) {
        return job instanceof Job.Serve s
                ? Stream.of(s.resultFile(), s.histogramFile())
                : Stream.of(job.resultFile());
    }

    /**
     * What is left to run: every job not done (a done job whose JSON is missing runs again), and
     * failed ones only when asked.
     */
    static List<Job> toRun(
            List<Job> jobs, SweepState state, Predicate<Job> jsonExists, boolean retryFailed) {
        return jobs.stream()
                .filter(
                        job -> {
                            SweepState.JobState before =
                                    state.jobs()
                                            .getOrDefault(job.id(), SweepState.JobState.pending());
                            boolean finished =
                                    before.status().equals(SweepState.JobState.DONE)
                                            && jsonExists.test(job);
                            boolean skipFailed =
                                    before.status().equals(SweepState.JobState.FAILED)
                                            && !retryFailed;
                            return !finished && !skipFailed;
                        })
                .toList();
    }

    /**
     * Runs one job in its forks and keeps its JSON.
     *
     * @return done with its key figure, or failed with the cause in one line
     * @throws IOException when its JSON cannot be written (a full disk): the sweep stops
     * @throws Stopped when its fork was stopped from outside (Ctrl-C, SIGTERM) or JMH's lock is
     *     held: the sweep stops, the job stays pending
     */
    private Ran runJob(
            SweepDefinition sweep,
            Job job,
            ForkLauncher.Prepared launcher,
            RunFolder folder,
            RunGuard guard,
            JmhProgressFilter.Shown shown)
            throws IOException, Stopped {
        if (job instanceof Job.Serve serve) {
            return runServe(sweep, serve, launcher, folder, guard, shown);
        }
        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .shouldFailOnError(true)
                        .jvm(launcher.script().toString())
                        .jvmArgsAppend(job.launch().forkJvmArgs().toArray(String[]::new));
        if (sweep.kind() == SweepKind.JMH) {
            options.warmupIterations(sweep.get(WARMUP_ITERATIONS))
                    .warmupTime(sweep.get(WARMUP_TIME))
                    .measurementIterations(sweep.get(MEASUREMENT_ITERATIONS))
                    .measurementTime(sweep.get(MEASUREMENT_TIME))
                    .forks(sweep.get(FORKS))
                    .timeout(sweep.get(TIMEOUT));
        }
        // a serve definition has no iteration keys: its ceilings run as their classes declare
        if (job instanceof Job.Model m) {
            options.include(InferenceBenchmark.BENCHMARK).threads(m.callers()).mode(m.mode());
            m.config().jmhParams().forEach(options::param);
        } else if (job instanceof Job.Ceiling c) {
            options.mode(Mode.Throughput)
                    .param(
                            BenchParam.MATRIX_SIZE.jmhName(),
                            Integer.toString(sweep.get(CEILING_MATRIX_SIZE)))
                    .param(
                            BenchParam.ARRAY_MIB.jmhName(),
                            Integer.toString(sweep.get(CEILING_ARRAY_MIB)))
                    .param(
                            BenchParam.INTRA_OP_THREADS.jmhName(),
                            Integer.toString(c.intraOpThreads()));
            if (sweep.get(CEILING_MATRIX_SIZE) > 0) {
                options.include(MatmulPeakBenchmark.class.getName() + ".matmul");
            }
            if (sweep.get(CEILING_ARRAY_MIB) > 0) {
                options.include(MemoryBandwidthBenchmark.class.getName() + ".addInPlace");
            }
            if (sweep.get(CEILING_FMA)) {
                options.include(FmaPeakBenchmark.class.getName() + ".fma");
            }
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Collection<RunResult> results;
        try (PrintStream out =
                JmhConsole.open(folder, console, output, guard::stopping, shown, true)) {
            results = JmhConsole.run(options.build(), out);
        } catch (RunnerException | RuntimeException e) {
            guard.checkpoint();
            OptionalInt exit = ForkFailure.exitCode(e);
            if (exit.isPresent() && ForkFailure.STOPPED.contains(exit.getAsInt())) {
                throw new Stopped(ForkFailure.describeExit(exit.getAsInt()));
            }
            if (ForkFailure.jmhLockHeld(e)) {
                throw new Stopped(
                        "another JMH run on this machine holds JMH's lock ("
                                + e.getMessage().lines().findFirst().orElse("")
                                + ")");
            }
            return failed(ForkFailure.cause(e, output.toString(StandardCharsets.UTF_8)));
        }
        try {
            JmhResultFile.write(folder, job.resultFile(), results);
        } catch (JmhResultFile.Invalid e) {
            return failed(e.getMessage());
        }
        return new Ran(
                new SweepState.JobState(SweepState.JobState.DONE, 0, null),
                KeyFigure.of(job, results));
    }

    /**
     * Runs a serve job: the serve command in a JVM started by the job's launch set, writing its
     * files into the run folder; its output goes to the console indented and whole to the run's
     * log.
     *
     * @return done with its key figure, or failed with the command's one-line cause
     * @throws Stopped when the JVM was stopped from outside (Ctrl-C, SIGTERM): the job stays
     *     pending
     */
    private Ran runServe(
            SweepDefinition sweep,
            Job.Serve job,
            ForkLauncher.Prepared launcher,
            RunFolder folder,
            RunGuard guard,
            JmhProgressFilter.Shown shown)
            throws Stopped {
        List<String> command =
                serveCommand(
                        sweep,
                        job,
                        launcher,
                        folder.path(),
                        System.getProperty("java.class.path"),
                        mainClass);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try {
            exit =
                    runChild(
                            new ProcessBuilder(command),
                            command,
                            "the serve JVM",
                            job,
                            folder,
                            guard,
                            shown,
                            output);
        } catch (IOException e) {
            return failed("cannot start the serve JVM: " + e.getMessage());
        }
        if (exit != 0) {
            return failed(ForkFailure.ofCommand(exit, output.toString(StandardCharsets.UTF_8)));
        }
        for (String name : files(job).toList()) {
            if (!Files.isRegularFile(folder.file(name))) {
                return failed("the serve JVM ended without writing " + name);
            }
        }
        try {
            return new Ran(
                    new SweepState.JobState(SweepState.JobState.DONE, 0, null),
                    KeyFigure.serve(folder.file(job.resultFile())));
        } catch (IOException e) {
            return failed(job.resultFile() + " does not read back: " + e.getMessage());
        }
    }

    /**
     * The command of a serve job: the serve command with the definition's bound, run length and
     * seed and the job's model, layout and batcher, writing {@code serve-<id>.json} and {@code
     * .hlog} into {@code folder}, in a JVM started by {@code launcher} with the launch set's JVM
     * options, from {@code classpath}.
     */
    static List<String> serveCommand(
            SweepDefinition sweep,
            Job.Serve job,
            ForkLauncher.Prepared launcher,
            Path folder,
            String classpath,
            String mainClass) {
        List<String> args = new ArrayList<>(List.of(ServeOptions.COMMAND));
        args.addAll(job.model().arguments());
        args.addAll(
                List.of(
                        ServeOptions.P99,
                        Durations.text(sweep.get(P99)),
                        ServeOptions.WORKERS,
                        Integer.toString(job.workers()),
                        ServeOptions.THREADS,
                        Integer.toString(job.threads()),
                        ServeOptions.MAX_BATCH,
                        Integer.toString(job.maxBatch()),
                        ServeOptions.MAX_DELAY,
                        Durations.text(job.maxDelayNanos()),
                        ServeOptions.ARRIVAL,
                        sweep.get(ARRIVAL).label(),
                        ServeOptions.MIN_QUERIES,
                        Integer.toString(sweep.get(MIN_QUERIES)),
                        ServeOptions.MIN_SECONDS,
                        Integer.toString(sweep.get(MIN_SECONDS)),
                        ServeOptions.QUERIES,
                        Integer.toString(sweep.get(MAX_QUERIES)),
                        ServeOptions.SECONDS,
                        Integer.toString(sweep.get(MAX_SECONDS)),
                        ServeOptions.SEED,
                        Integer.toString(sweep.get(SEED)),
                        ServeOptions.JOB_ID,
                        job.id(),
                        ServeOptions.INTO,
                        folder.toAbsolutePath().toString()));
        return launcher.command(job.launch().forkJvmArgs(), classpath, mainClass, args);
    }

    /**
     * Runs a job's child process (a serve JVM, the peer) to its end: its output to the console
     * through the progress filter and whole into {@code output} and the run's log.
     *
     * @return its exit code
     * @throws IOException when it cannot be started
     * @throws Stopped when it was stopped from outside, or this thread interrupted: the job stays
     *     pending
     */
    private int runChild(
            ProcessBuilder builder,
            List<String> command,
            String what,
            Job job,
            RunFolder folder,
            RunGuard guard,
            JmhProgressFilter.Shown shown,
            ByteArrayOutputStream output)
            throws IOException, Stopped {
        int exit;
        try (PrintStream out =
                JmhConsole.openCommand(folder, console, output, guard::stopping, shown)) {
            logCommand(folder, job, command);
            Process child = builder.redirectErrorStream(true).start();
            try (InputStream in = child.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the child's output ended early; its exit code says why
            }
            exit = child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped("interrupted while " + what + " ran");
        }
        guard.checkpoint();
        if (ForkFailure.STOPPED.contains(exit)) {
            throw new Stopped(ForkFailure.describeExit(exit));
        }
        return exit;
    }

    /**
     * Runs a peer job: the peer's process on the twin's configuration, with the twin's launch set's
     * allocator, for the definition's warm-up and measurement time, writing its row into the run
     * folder; its output goes to the console indented and whole to the run's log.
     *
     * @return done with the peer's own summary line, or failed with its last line
     * @throws Stopped when the process was stopped from outside: the job stays pending
     */
    private Ran runPeer(
            SweepDefinition sweep,
            Job.Peer job,
            PythonPeer peer,
            Path script,
            RunFolder folder,
            RunGuard guard,
            JmhProgressFilter.Shown shown)
            throws Stopped {
        List<String> command = peerCommand(sweep, job, script, folder);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env =
                peer.environment(
                        job.launch().launcher(), ForkLauncher.cacheDir(), pb.environment());
        pb.environment().clear();
        pb.environment().putAll(env);
        int exit;
        try {
            exit = runChild(pb, command, "the peer", job, folder, guard, shown, output);
        } catch (IOException e) {
            return failed("cannot start the peer: " + e.getMessage());
        }
        List<String> lines =
                output.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        if (exit != 0) {
            return failed(
                    last.isEmpty()
                            ? ForkFailure.describeExit(exit)
                            : last.replaceFirst("^\\S+\\.py: ", ""));
        }
        if (!Files.isRegularFile(folder.file(job.resultFile()))) {
            return failed("the peer ended without writing " + job.resultFile());
        }
        return new Ran(new SweepState.JobState(SweepState.JobState.DONE, 0, null), last);
    }

    /**
     * The command of a peer job: the twin's model, input, batch and threads, the definition's
     * warm-up and measurement (iterations x time each, as the twin's forks run them), writing
     * {@code peer-<id>.csv} into {@code folder}.
     */
    static List<String> peerCommand(
            SweepDefinition sweep, Job.Peer job, Path script, RunFolder folder) {
        Job.Model twin = job.twin();
        return PythonPeer.command(
                script,
                twin.model().model(),
                twin.model().input(),
                twin.batch(),
                twin.intraOpThreads(),
                sweep.get(WARMUP_ITERATIONS) * seconds(sweep.get(WARMUP_TIME)),
                sweep.get(MEASUREMENT_ITERATIONS) * seconds(sweep.get(MEASUREMENT_TIME)),
                folder.path().getFileName().toString(),
                folder.file(job.resultFile()).toAbsolutePath(),
                twin.launch().name(),
                PythonPeer.engineFlags(twin.launch().forkJvmArgs()));
    }

    private static double seconds(TimeValue t) {
        return t.convertTo(TimeUnit.MICROSECONDS) / 1e6;
    }

    /** A header in the run's log before a serve job's output; the log is kept on a best effort. */
    private static void logCommand(RunFolder folder, Job job, List<String> command) {
        try {
            Files.writeString(
                    folder.file(JmhConsole.LOG),
                    "# "
                            + (job instanceof Job.Peer ? "peer" : "serve")
                            + " job "
                            + job.id()
                            + ": "
                            + String.join(" ", command)
                            + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // as the log's own writer: given up, the run goes on
        }
    }

    private static Ran failed(String cause) {
        return new Ran(new SweepState.JobState(SweepState.JobState.FAILED, 0, cause), "");
    }

    /** How a job ended, and its key figure when it is done. */
    private record Ran(SweepState.JobState state, String figure) {}

    /** A job that neither finished nor failed: the sweep stops there, the job stays pending. */
    private static final class Stopped extends Exception {
        Stopped(String message) {
            super(message);
        }
    }

    /** The time the jobs left will take at the mean pace so far; empty when none is left. */
    static String eta(List<Double> seconds, long jobsLeft) {
        if (seconds.isEmpty() || jobsLeft <= 0) {
            return "";
        }
        double mean = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        long left = Math.round(mean * jobsLeft);
        return String.format(Locale.ROOT, "; about %d min %02d s left", left / 60, left % 60);
    }

    /**
     * The newest folder of this definition and shard that did not complete; with {@code anyState},
     * the newest one.
     */
    private Optional<RunFolder> previous(
            SweepDefinition sweep, Shard shard, String hash, boolean anyState) {
        Path runs = resultsDir.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        String prefix = sweep.name() + (shard.whole() ? "" : "-" + shard.label()) + "-";
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
                    .filter(d -> Files.isRegularFile(d.resolve(SweepState.FILE)))
                    .sorted(Comparator.comparing(Path::getFileName).reversed())
                    .filter(
                            d -> {
                                SweepState s = SweepState.read(d);
                                return s.definitionHash().equals(hash)
                                        && (anyState || !s.complete());
                            })
                    .findFirst()
                    .map(RunFolder::existing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs + ": " + e.getMessage(), e);
        }
    }

    /**
     * The run folder a user named to resume.
     *
     * @throws IllegalArgumentException when it is not a folder of this sweep and shard
     */
    private static RunFolder named(Path folder, SweepDefinition sweep, Shard shard, String hash) {
        if (!Files.isRegularFile(folder.resolve(SweepState.FILE))) {
            throw new IllegalArgumentException(
                    "run folder "
                            + folder
                            + " has no "
                            + SweepState.FILE
                            + "; accepted: the folder of an earlier run of this sweep");
        }
        SweepState state = SweepState.read(folder);
        if (!state.definitionHash().equals(hash)) {
            throw new IllegalArgumentException(
                    "run folder "
                            + folder
                            + " holds another sweep ("
                            + state.definition()
                            + " shard "
                            + state.shard()
                            + ", or a different definition); accepted: a folder of sweep "
                            + sweep.name()
                            + " shard "
                            + shard
                            + " as now defined");
        }
        return RunFolder.existing(folder);
    }

    private static SweepState newState(
            SweepDefinition sweep, Shard shard, String hash, List<Job> jobs) {
        Map<String, SweepState.JobState> states = new LinkedHashMap<>();
        jobs.forEach(j -> states.put(j.id(), SweepState.JobState.pending()));
        return new SweepState(sweep.name(), hash, shard.toString(), states, false);
    }

    static String hash(SweepDefinition sweep, Shard shard) {
        return Fingerprints.sha256Hex(sweep.describe() + "|" + shard, 32);
    }

    private static void writeState(RunFolder folder, SweepState state) {
        try {
            folder.write(SweepState.FILE, RunRecords.JSON.writeValueAsString(state));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + SweepState.FILE + ": " + e.getMessage(), e);
        }
    }
}
