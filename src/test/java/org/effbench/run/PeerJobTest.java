package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.effbench.sweep.Job;
import org.effbench.sweep.Shard;
import org.effbench.sweep.SweepDefinition;
import org.effbench.sweep.SweepPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer job's command and its resume, without running Python (the smoke run does that). */
class PeerJobTest {

    @TempDir Path dir;

    private static SweepDefinition sweep(Path model) {
        return SweepDefinition.parse(
                "t",
                String.join(
                        "\n",
                        "models = mlp, file:" + model,
                        "input = 1x3x8x8",
                        "batchSizes = 4",
                        "intraOpThreads = 2",
                        "callers = 1",
                        "modes = sample",
                        "warmupIterations = 3",
                        "warmupTime = 500ms",
                        "measurementIterations = 5",
                        "measurementTime = 2s",
                        "forks = 1",
                        "ceilingMatrixSize = 0",
                        "ceilingArrayMiB = 0",
                        "ceilingFma = off",
                        "allocator = glibc",
                        "mklOnAmd = off",
                        "peer = pytorch"),
                2);
    }

    private Path model() throws Exception {
        // any file passes the definition's check; only its path reaches the command
        return Files.write(dir.resolve("m.pt"), new byte[] {1});
    }

    @Test
    void thePeerRunsTheTwinsConfigurationForTheDefinitionsWarmupAndMeasurement() throws Exception {
        SweepDefinition d = sweep(model());
        List<Job> jobs = SweepPlan.jobs(d, Shard.ALL);
        Job.Peer file = (Job.Peer) jobs.get(3);
        RunFolder folder = RunFolder.create(dir, "t", Instant.parse("2026-11-28T00:00:00Z"));

        List<String> command =
                SweepRunner.peerCommand(d, file, Path.of("/f/peer_pytorch.py"), folder);
        assertThat(command)
                .containsSequence("--model", "file:" + dir.resolve("m.pt"))
                .containsSequence("--batch", "4", "--threads", "2")
                // 3 x 0.5 s and 5 x 2 s, as the twin's forks warm up and measure
                .containsSequence("--warmup", "1.500", "--measure", "10.000")
                .containsSequence("--run-id", folder.path().getFileName().toString())
                .containsSequence("--out", folder.file(file.resultFile()).toString())
                .containsSequence("--input", "1x3x8x8:float32");
        assertThat(SweepRunner.peerCommand(d, (Job.Peer) jobs.get(1), Path.of("p"), folder))
                .doesNotContain("--input");
    }

    @Test
    void aPeerWhoseCsvIsKeptIsDoneOnResume() throws Exception {
        List<Job> jobs = SweepPlan.jobs(sweep(model()), Shard.ALL);
        Map<String, SweepState.JobState> states = new LinkedHashMap<>();
        jobs.forEach(j -> states.put(j.id(), SweepState.JobState.pending()));
        states.put(jobs.get(0).id(), new SweepState.JobState(SweepState.JobState.DONE, 9, null));
        states.put(jobs.get(1).id(), new SweepState.JobState(SweepState.JobState.DONE, 9, null));
        SweepState state = new SweepState("t", "h", "0/1", states, false);

        assertThat(
                        SweepRunner.toRun(
                                jobs,
                                state,
                                j ->
                                        j.resultFile().equals(jobs.get(1).resultFile())
                                                || j == jobs.get(0),
                                false))
                .extracting(Job::id)
                .containsExactly(jobs.get(2).id(), jobs.get(3).id());
        // the peer's CSV lost: it runs again, its twin does not
        assertThat(SweepRunner.toRun(jobs, state, j -> j == jobs.get(0), false))
                .extracting(Job::id)
                .containsExactly(jobs.get(1).id(), jobs.get(2).id(), jobs.get(3).id());
        assertThat(jobs.get(1).resultFile()).startsWith("peer-").endsWith("-pytorch.csv");
    }
}
