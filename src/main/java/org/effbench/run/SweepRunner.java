package org.effbench.run;

import static org.effbench.sweep.SweepKey.CEILING_ARRAY_MIB;
import static org.effbench.sweep.SweepKey.CEILING_MATRIX_SIZE;
import static org.effbench.sweep.SweepKey.FORKS;
import static org.effbench.sweep.SweepKey.LAUNCHES;
import static org.effbench.sweep.SweepKey.MEASUREMENT_ITERATIONS;
import static org.effbench.sweep.SweepKey.MEASUREMENT_TIME;
import static org.effbench.sweep.SweepKey.TIMEOUT;
import static org.effbench.sweep.SweepKey.WARMUP_ITERATIONS;
import static org.effbench.sweep.SweepKey.WARMUP_TIME;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.effbench.base.Fingerprints;
import org.effbench.bench.BenchParam;
import org.effbench.bench.InferenceBenchmark;
import org.effbench.bench.MatmulPeakBenchmark;
import org.effbench.bench.MemoryBandwidthBenchmark;
import org.effbench.launch.ForkLauncher;
import org.effbench.sweep.Job;
import org.effbench.sweep.LaunchSet;
import org.effbench.sweep.Shard;
import org.effbench.sweep.SweepDefinition;
import org.effbench.sweep.SweepPlan;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs a sweep one job at a time, each in fresh forks started by its launch set's launcher, each
 * job's JSON kept as soon as it completes. A job that fails (out of memory at a large batch, an
 * engine error) is recorded with its reason and the sweep goes on. Restarted with the same
 * definition and shard, a sweep that did not complete resumes in its folder and runs only what is
 * left; one that completed starts a new folder.
 */
public final class SweepRunner {

    private static final Pattern CAUSE =
            Pattern.compile(
                    "^\\s*(?:Caused by: )?((?:[a-z]+\\.)+[A-Z]\\w*(?:Exception|Error)(?::.*)?)$",
                    Pattern.MULTILINE);

    private final Path resultsDir;
    private final PrintStream console;
    private final Clock clock;

    public SweepRunner(Path resultsDir, PrintStream console, Clock clock) {
        this.resultsDir = resultsDir;
        this.console = console;
        this.clock = clock;
    }

    /** The run folder and the jobs that failed (recorded in its sweep.json). */
    public record Result(RunFolder folder, List<String> failed) {}

    public static String jsonOf(Job job) {
        return "jmh-" + job.id() + ".json";
    }

    /**
     * Runs (or resumes) {@code sweep}'s part {@code shard}.
     *
     * @param retryFailed run again the jobs an earlier attempt recorded as failed
     * @throws IllegalArgumentException before anything runs, if a launch set cannot start here
     */
    public Result run(
            SweepDefinition sweep, Shard shard, List<String> arguments, boolean retryFailed) {
        List<Job> jobs = SweepPlan.jobs(sweep, shard);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException(
                    "sweep " + sweep.name() + " shard " + shard + " has no configurations to run");
        }
        sweep.get(LAUNCHES).forEach(LaunchSet::checkInstalled);
        String hash = hash(sweep, shard);
        Instant start = clock.instant();
        Optional<RunFolder> unfinished = unfinished(sweep, shard, hash);
        RunFolder folder =
                unfinished.orElseGet(
                        () ->
                                RunFolder.create(
                                        resultsDir,
                                        sweep.name() + (shard.whole() ? "" : "-" + shard.label()),
                                        start));
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
                unfinished
                        .map(f -> SweepState.read(f.path()))
                        .orElseGet(() -> newState(sweep, shard, hash, jobs));
        long done = state.count(SweepState.JobState.DONE);
        console.printf(
                "effbench %s%s: %d jobs (%d model configurations, each in its own fork%s); %s%s%n",
                sweep.name(),
                shard.whole() ? "" : " shard " + shard,
                jobs.size(),
                jobs.stream().filter(j -> j instanceof Job.Model).count(),
                jobs.stream().anyMatch(j -> j instanceof Job.Ceiling) ? ", then the ceilings" : "",
                unfinished.isPresent()
                        ? "resuming " + folder.path() + " with " + done + " done"
                        : "results in " + folder.path(),
                retryFailed || state.failed().isEmpty()
                        ? ""
                        : "; "
                                + state.failed().size()
                                + " failed before (--retry-failed runs them)");
        launchers.forEach((name, p) -> console.println("Launch set " + name + ": " + p.settings()));

        List<Double> seconds = new ArrayList<>();
        List<Job> toRun =
                toRun(jobs, state, job -> Files.exists(folder.file(jsonOf(job))), retryFailed);
        int position = 0;
        for (Job job : toRun) {
            position++;
            console.printf(
                    Locale.ROOT,
                    "[%d/%d] %s%s%n",
                    position,
                    toRun.size(),
                    job.id(),
                    eta(seconds, toRun.size() - position + 1));
            Instant jobStart = clock.instant();
            SweepState.JobState outcome =
                    runJob(sweep, job, launchers.get(job.launch().name()), folder);
            double took = Duration.between(jobStart, clock.instant()).toMillis() / 1e3;
            seconds.add(took);
            outcome = new SweepState.JobState(outcome.status(), took, outcome.error());
            state = state.with(job.id(), outcome);
            writeState(folder, state);
            console.printf(
                    Locale.ROOT,
                    "[%d/%d] %s %s in %.0f s%s%n",
                    position,
                    toRun.size(),
                    job.id(),
                    outcome.status(),
                    took,
                    outcome.error() == null ? "" : ": " + outcome.error());
        }
        state = state.completed();
        writeState(folder, state);
        Map<String, Map<String, String>> forks = new LinkedHashMap<>();
        launchers.forEach((name, p) -> forks.put(name, p.settings()));
        List<String> results =
                jobs.stream()
                        .map(SweepRunner::jsonOf)
                        .filter(n -> Files.exists(folder.file(n)))
                        .toList();
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
        if (!state.failed().isEmpty()) {
            console.println(
                    "Failed (recorded in "
                            + SweepState.FILE
                            + "): "
                            + String.join(", ", state.failed()));
        }
        return new Result(folder, state.failed());
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

    private SweepState.JobState runJob(
            SweepDefinition sweep, Job job, ForkLauncher.Prepared launcher, RunFolder folder) {
        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .warmupIterations(sweep.get(WARMUP_ITERATIONS))
                        .warmupTime(sweep.get(WARMUP_TIME))
                        .measurementIterations(sweep.get(MEASUREMENT_ITERATIONS))
                        .measurementTime(sweep.get(MEASUREMENT_TIME))
                        .forks(sweep.get(FORKS))
                        .timeout(sweep.get(TIMEOUT))
                        .shouldFailOnError(true)
                        .jvm(launcher.script().toString())
                        .jvmArgsAppend(job.launch().forkJvmArgs().toArray(String[]::new));
        if (job instanceof Job.Model m) {
            options.include(InferenceBenchmark.class.getName() + ".infer")
                    .threads(m.callers())
                    .mode(m.mode());
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
        }
        String json = jsonOf(job);
        options.resultFormat(ResultFormatType.JSON).result(folder.partial(json).toString());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = JmhConsole.open(folder, console, output)) {
            JmhConsole.run(options.build(), out);
        } catch (RunnerException | RuntimeException e) {
            return new SweepState.JobState(
                    SweepState.JobState.FAILED,
                    0,
                    reason(e, output.toString(StandardCharsets.UTF_8)));
        }
        if (!Files.exists(folder.partial(json))) {
            return new SweepState.JobState(
                    SweepState.JobState.FAILED, 0, "JMH finished without writing its JSON");
        }
        folder.publish(json);
        return new SweepState.JobState(SweepState.JobState.DONE, 0, null);
    }

    /**
     * The first exception the fork printed (out of memory, an engine error), else JMH's own
     * message.
     */
    static String reason(Exception e, String output) {
        Matcher m = CAUSE.matcher(output);
        if (m.find()) {
            return m.group(1).strip();
        }
        return e.getMessage() == null
                ? e.toString()
                : e.getMessage().lines().findFirst().orElse(e.toString());
    }

    private static String eta(List<Double> seconds, long jobsLeft) {
        if (seconds.isEmpty()) {
            return "";
        }
        double mean = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        long left = Math.round(mean * jobsLeft);
        return String.format(Locale.ROOT, " (about %d min %02d s left)", left / 60, left % 60);
    }

    /** The newest folder of this definition and shard that did not complete. */
    private Optional<RunFolder> unfinished(SweepDefinition sweep, Shard shard, String hash) {
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
                                return s.definitionHash().equals(hash) && !s.complete();
                            })
                    .findFirst()
                    .map(RunFolder::existing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs + ": " + e.getMessage(), e);
        }
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
