package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.effbench.launch.ForkLauncher;
import org.effbench.model.ModelRef;
import org.effbench.serve.Arrival;
import org.effbench.serve.BatchPolicy;
import org.effbench.serve.Capacity;
import org.effbench.serve.PointResult;
import org.effbench.serve.RunLength;
import org.effbench.serve.ServeFiles;
import org.effbench.serve.ServeSettings;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.Simulation;
import org.effbench.sweep.Job;
import org.effbench.sweep.Shard;
import org.effbench.sweep.SweepDefinition;
import org.effbench.sweep.SweepPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a sweep runs a serve job without running one: the command it starts, the files that say the
 * job is done, what it reads back for its console line and how a failure is told; the serve command
 * itself runs in ServeCommandTest and the whole sweep in ServeSweepIT.
 */
class ServeJobTest {

    private static final String DEFINITION =
            String.join(
                    "\n",
                    "kind = serve",
                    "models = mlp, file:src/test/resources/torchscript/small_cnn_1x3x32x32.pt",
                    "input = 1x3x32x32",
                    "layouts = 2x1",
                    "maxBatch = 1, 4",
                    "maxDelay = 5ms",
                    "p99 = 250ms",
                    "arrival = constant",
                    "minQueries = 200",
                    "minSeconds = 1",
                    "maxQueries = 5000",
                    "maxSeconds = 3",
                    "seed = 9",
                    "ceilingMatrixSize = 0",
                    "ceilingArrayMiB = 0",
                    "ceilingFma = off",
                    "allocator = glibc",
                    "mklOnAmd = off",
                    "launch.gc = jvmArgs=-XX:+UseParallelGC",
                    "");

    private static final SweepDefinition SWEEP = SweepDefinition.parse("t", DEFINITION, 2);

    @TempDir Path dir;

    /**
     * The serve command in the launch set's JVM: the launcher script, how it was launched (as a
     * command's own relaunch passes it), the set's JVM options, this jar's classpath and Main; then
     * the definition's settings in the command's option syntax and where to write.
     */
    @Test
    void aServeJobRunsTheServeCommandInTheLaunchSetsJvmWritingIntoTheRunFolder() {
        List<Job.Serve> jobs = SweepPlan.serves(SWEEP);
        Job.Serve file = jobs.get(3); // the file model, max batch 4
        assertThat(file.id())
                .isEqualTo(
                        "gc-filesrctestresourcestorchscriptsmall_cnn_1x3x32x32pt-w2-t1-mb4-d5ms-serve");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("java", "/jdk/bin/java");
        settings.put("allocator", "glibc");
        ForkLauncher.Prepared launcher =
                new ForkLauncher.Prepared(Path.of("/run/fork-launcher-gc.sh"), settings);

        List<String> command =
                SweepRunner.serveCommand(
                        SWEEP, file, launcher, Path.of("/run"), "/app/benchmarks.jar", "app.Main");

        assertThat(command)
                .containsExactly(
                        "/run/fork-launcher-gc.sh",
                        "-Deffbench.launch.java=/jdk/bin/java",
                        "-Deffbench.launch.allocator=glibc",
                        "-Deffbench.launched=true",
                        "-XX:+UseParallelGC",
                        "-Deffbench.launch=gc",
                        "-Deffbench.launchSettings=" + file.launch().describe(),
                        "-cp",
                        "/app/benchmarks.jar",
                        "app.Main",
                        "serve",
                        "--model",
                        "file:src/test/resources/torchscript/small_cnn_1x3x32x32.pt",
                        "--input",
                        "1x3x32x32:float32",
                        "--p99",
                        "250ms",
                        "--workers",
                        "2",
                        "--threads",
                        "1",
                        "--max-batch",
                        "4",
                        "--max-delay",
                        "5ms",
                        "--arrival",
                        "constant",
                        "--min-queries",
                        "200",
                        "--min-seconds",
                        "1",
                        "--queries",
                        "5000",
                        "--seconds",
                        "3",
                        "--seed",
                        "9",
                        "--job-id",
                        file.id(),
                        "--into",
                        Path.of("/run").toAbsolutePath().toString());
        // a zoo model takes no --input; max batch 1 never waits
        List<String> zoo =
                SweepRunner.serveCommand(
                        SWEEP, jobs.get(0), launcher, Path.of("/run"), "cp", "app.Main");
        assertThat(String.join(" ", zoo))
                .contains(
                        "serve --model mlp --p99 250ms --workers 2 --threads 1 --max-batch 1"
                                + " --max-delay 0ms --arrival");
    }

    /**
     * A serve job is done when its JSON is there; its histograms are kept beside it and listed in
     * the run's records; a done job whose JSON is missing runs again.
     */
    @Test
    void aServeJobIsDoneWhenItsJsonIsThereAndResumesLikeAnyJob() {
        List<Job> jobs = SweepPlan.jobs(SWEEP, Shard.ALL);
        assertThat(jobs).hasSize(4);
        Job.Serve first = (Job.Serve) jobs.get(0);
        assertThat(SweepRunner.files(first).toList())
                .containsExactly(
                        "serve-gc-mlp-w2-t1-mb1-d0ms-serve.json",
                        "serve-gc-mlp-w2-t1-mb1-d0ms-serve.hlog");
        Map<String, SweepState.JobState> states = new LinkedHashMap<>();
        jobs.forEach(j -> states.put(j.id(), SweepState.JobState.pending()));
        SweepState.JobState done = new SweepState.JobState(SweepState.JobState.DONE, 30, null);
        states.put(jobs.get(0).id(), done);
        states.put(jobs.get(1).id(), done);
        SweepState state = new SweepState("t", "h", "0/1", states, false);
        Set<String> present = Set.of(first.resultFile(), jobs.get(1).resultFile() + ".partial");

        assertThat(SweepRunner.toRun(jobs, state, j -> present.contains(j.resultFile()), false))
                .extracting(Job::id)
                .containsExactly(jobs.get(1).id(), jobs.get(2).id(), jobs.get(3).id());
    }

    @Test
    void theConsoleLineGivesTheCapacityWithinItsBoundAndTheOfflineThroughput() throws Exception {
        Capacity.Outcome o = simulated(50);
        ServeFiles.write(
                dir,
                new ServeSetup("mlp", 1, 1),
                o,
                ServeFiles.Run.job(new ModelRef("mlp", ""), "j", "default", Map.of()));
        double capacity = o.capacity().orElseThrow().result().rate();
        assertThat(KeyFigure.serve(dir.resolve("serve-j.json")))
                .isEqualTo(
                        "capacity "
                                + org.effbench.base.Figures.threeDigits(capacity)
                                + "/s within p99 50.0 ms ("
                                + (o.capacity().get().judgement().valid() ? "valid" : "invalid")
                                + "); Offline "
                                + org.effbench.base.Figures.threeDigits(
                                        o.offline().orElseThrow().achievedRate())
                                + "/s");

        // a service slower than the bound: no rate meets it
        Capacity.Outcome none = simulated(5);
        ServeFiles.write(
                dir,
                new ServeSetup("mlp", 1, 1),
                none,
                ServeFiles.Run.job(new ModelRef("mlp", ""), "k", "default", Map.of()));
        assertThat(none.capacity()).isEmpty();
        assertThat(KeyFigure.serve(dir.resolve("serve-k.json")))
                .startsWith("no capacity: no rate down to ")
                .contains("/s met p99 5.00 ms; Offline 100/s");
    }

    /** One worker serving in 10 ms on a simulated clock (Offline 100/s), bound {@code ms}. */
    private static Capacity.Outcome simulated(long ms) {
        long s = 1_000_000_000L;
        ServeSettings settings =
                new ServeSettings(
                        BatchPolicy.NONE,
                        Arrival.CONSTANT,
                        new RunLength(100, s, 10_000, 20 * s),
                        ms * 1_000_000L,
                        ServeSettings.SEED,
                        OptionalDouble.empty(),
                        s);
        return Capacity.run(
                new Simulation(1, Simulation.fixed(10_000_000L)),
                settings,
                new Capacity.Listener() {
                    @Override
                    public void offline(PointResult offline) {}

                    @Override
                    public void point(int index, Capacity.Point point) {}
                });
    }

    @Test
    void aFailedServeJobIsTheCommandsOwnOneLineCause() {
        assertThat(
                        ForkFailure.ofCommand(
                                2,
                                "serve mlp, 1 worker x 1 thread; ...\n"
                                        + "benchmarks.jar: model file x.pt does not exist or is not"
                                        + " a file\n"))
                .isEqualTo("model file x.pt does not exist or is not a file");
        assertThat(
                        ForkFailure.ofCommand(
                                1,
                                "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap"
                                        + " space\n\tat x.Y.z(Y.java:1)\n"))
                .isEqualTo("OutOfMemoryError: Java heap space");
        assertThat(ForkFailure.ofCommand(137, "benchmarks.jar: whatever\n"))
                .isEqualTo("the fork was killed by signal 9 (out of memory?)");
        assertThat(ForkFailure.ofCommand(3, "")).isEqualTo("the fork exited with code 3");
    }

    /**
     * The console shows the command's lines indented and points to the log for a stack trace; the
     * log keeps everything.
     */
    @Test
    void theChildsLinesAreIndentedAndItsStackTracesLeftToTheLog() throws IOException {
        Path log = dir.resolve("jmh.log");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        JmhProgressFilter.Shown shown = new JmhProgressFilter.Shown();
        String output =
                String.join(
                        "\n",
                        "serve mlp, 1 worker x 1 thread",
                        "[W NNPACK.cpp:64] Could not initialize NNPACK! Reason: Unsupported hardware.",
                        "Exception in thread \"worker-0\" java.lang.IllegalStateException: boom",
                        "\tat org.effbench.serve.Workers.run(Workers.java:80)",
                        "Caused by: ai.djl.engine.EngineException: The following operation failed",
                        "Traceback of TorchScript, serialized code (most recent call last):",
                        "  File \"code/__torch__.py\", line 12, in forward",
                        "",
                        "\t... 3 more",
                        "capacity: none",
                        "");
        try (CommandOutputFilter filter = new CommandOutputFilter(screen, log, shown)) {
            filter.write(output.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(screen.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        String.join(
                                "\n",
                                "  serve mlp, 1 worker x 1 thread",
                                "  [W NNPACK.cpp:64] Could not initialize NNPACK! Reason:"
                                        + " Unsupported hardware.",
                                "  Exception in thread \"worker-0\""
                                        + " java.lang.IllegalStateException: boom",
                                "  (the stack trace is in " + log + ")",
                                "  capacity: none",
                                ""));
        // the next job's NNPACK warning is not shown again
        ByteArrayOutputStream next = new ByteArrayOutputStream();
        try (CommandOutputFilter filter = new CommandOutputFilter(next, log, shown)) {
            filter.write(
                    "Could not initialize NNPACK! Reason: Unsupported hardware.\nok\n"
                            .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(next.toString(StandardCharsets.UTF_8)).isEqualTo("  ok\n");
    }
}
