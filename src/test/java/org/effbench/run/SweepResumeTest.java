package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.effbench.sweep.Job;
import org.effbench.sweep.Shard;
import org.effbench.sweep.SweepDefinition;
import org.effbench.sweep.SweepPlan;
import org.junit.jupiter.api.Test;

/**
 * A sweep killed part-way is resumed with only what is left; JMH itself runs in BenchmarksJarIT.
 */
class SweepResumeTest {

    private static final SweepDefinition SWEEP =
            SweepDefinition.parse(
                    "t",
                    String.join(
                            "\n",
                            "models = mlp",
                            "batchSizes = 1, 8",
                            "intraOpThreads = 1",
                            "callers = 1",
                            "modes = sample, thrpt",
                            "warmupIterations = 0",
                            "warmupTime = 1s",
                            "measurementIterations = 1",
                            "measurementTime = 1s",
                            "forks = 1",
                            "ceilingMatrixSize = 64",
                            "ceilingArrayMiB = 0",
                            "allocator = glibc",
                            "mklOnAmd = off"),
                    1);

    private static SweepState stateAfterCrash(List<Job> jobs) {
        Map<String, SweepState.JobState> states = new LinkedHashMap<>();
        jobs.forEach(j -> states.put(j.id(), SweepState.JobState.pending()));
        states.put(jobs.get(0).id(), new SweepState.JobState(SweepState.JobState.DONE, 12, null));
        states.put(
                jobs.get(1).id(),
                new SweepState.JobState(
                        SweepState.JobState.FAILED,
                        3,
                        "java.lang.OutOfMemoryError: Java heap space"));
        states.put(jobs.get(2).id(), new SweepState.JobState(SweepState.JobState.DONE, 12, null));
        return new SweepState("t", "h", "0/1", states, false);
    }

    @Test
    void onlyWhatIsLeftRunsAndFailuresWaitForRetry() {
        List<Job> jobs = SweepPlan.jobs(SWEEP, Shard.ALL);
        assertThat(jobs).hasSize(5); // 4 configurations + the ceiling
        SweepState state = stateAfterCrash(jobs);
        // the second done job lost its JSON (killed between the state and the rename is impossible,
        // but a user may delete it): it runs again
        Set<String> withJson = Set.of(jobs.get(0).id());

        assertThat(SweepRunner.toRun(jobs, state, j -> withJson.contains(j.id()), false))
                .extracting(Job::id)
                .containsExactly(jobs.get(2).id(), jobs.get(3).id(), jobs.get(4).id());
        assertThat(SweepRunner.toRun(jobs, state, j -> withJson.contains(j.id()), true))
                .extracting(Job::id)
                .containsExactly(
                        jobs.get(1).id(), jobs.get(2).id(), jobs.get(3).id(), jobs.get(4).id());
        assertThat(state.failed()).containsExactly(jobs.get(1).id());
    }

    @Test
    void aDifferentDefinitionOrShardIsAnotherSweep() {
        String hash = SweepRunner.hash(SWEEP, Shard.ALL);
        assertThat(SweepRunner.hash(SWEEP, Shard.ALL)).isEqualTo(hash);
        assertThat(SweepRunner.hash(SWEEP, new Shard(0, 2))).isNotEqualTo(hash);
        assertThat(
                        SweepRunner.hash(
                                SWEEP.withModels(
                                        List.of(
                                                org.effbench.model.ModelRef.parse(
                                                        "resnet18", null))),
                                Shard.ALL))
                .isNotEqualTo(hash);
    }

    @Test
    void aRoundJobResumesOnItsOwn() {
        SweepDefinition rounds = SWEEP.withRounds(2);
        List<Job> jobs = SweepPlan.jobs(rounds, Shard.ALL);
        assertThat(jobs).hasSize(9); // 4 configurations x 2 rounds + the ceiling
        Map<String, SweepState.JobState> states = new LinkedHashMap<>();
        jobs.forEach(j -> states.put(j.id(), SweepState.JobState.pending()));
        // round 1 done, then killed in round 2's first job
        jobs.subList(0, 4)
                .forEach(
                        j ->
                                states.put(
                                        j.id(),
                                        new SweepState.JobState(
                                                SweepState.JobState.DONE, 12, null)));
        SweepState state = new SweepState("t", "h", "0/1", states, false);
        Set<String> withJson = Set.copyOf(jobs.subList(0, 4).stream().map(Job::id).toList());

        assertThat(SweepRunner.toRun(jobs, state, j -> withJson.contains(j.id()), false))
                .extracting(Job::id)
                .containsExactly(
                        "default-mlp-b1-t1-i0-c1-sample-r2",
                        "default-mlp-b1-t1-i0-c1-thrpt-r2",
                        "default-mlp-b8-t1-i0-c1-sample-r2",
                        "default-mlp-b8-t1-i0-c1-thrpt-r2",
                        "ceiling-t1");
        assertThat(SweepRunner.hash(rounds, Shard.ALL))
                .as("another number of rounds is another sweep")
                .isNotEqualTo(SweepRunner.hash(SWEEP, Shard.ALL));
    }
}
