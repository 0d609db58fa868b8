package org.effbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

    private static final String DEFINITION =
            String.join(
                    "\n",
                    "models = mlp, bert_base:seq=16",
                    "batchSizes = 1, 8",
                    "intraOpThreads = all",
                    "callers = 1, 2",
                    "modes = sample",
                    "warmupIterations = 0",
                    "warmupTime = 100ms",
                    "measurementIterations = 1",
                    "measurementTime = 100ms",
                    "forks = 1",
                    "ceilingMatrixSize = 64",
                    "ceilingArrayMiB = 0",
                    "launch.default = allocator=glibc-tuned; mklOnAmd=off",
                    "launch.parallel = allocator=glibc-tuned; mklOnAmd=off; jvmArgs=-XX:+UseParallelGC",
                    "");

    private static SweepDefinition sweep() {
        return SweepDefinition.parse("t", DEFINITION, 2);
    }

    private static List<String> modelIds(Shard shard) {
        return SweepPlan.jobs(sweep(), shard).stream()
                .filter(j -> j instanceof Job.Model)
                .map(Job::id)
                .toList();
    }

    /**
     * The whole plan, written out: model, batch, threads (all = the 2 cores), callers, mode, launch
     * set nested in that order, launch sets fastest; 2 models x 2 batches x 1 x 2 callers x 1 mode
     * x 2 sets = 16.
     */
    private static final List<String> PLAN =
            List.of(
                    "default-mlp-b1-t2-i0-c1-sample", "parallel-mlp-b1-t2-i0-c1-sample",
                    "default-mlp-b1-t2-i0-c2-sample", "parallel-mlp-b1-t2-i0-c2-sample",
                    "default-mlp-b8-t2-i0-c1-sample", "parallel-mlp-b8-t2-i0-c1-sample",
                    "default-mlp-b8-t2-i0-c2-sample", "parallel-mlp-b8-t2-i0-c2-sample",
                    "default-bert_baseseq16-b1-t2-i0-c1-sample",
                            "parallel-bert_baseseq16-b1-t2-i0-c1-sample",
                    "default-bert_baseseq16-b1-t2-i0-c2-sample",
                            "parallel-bert_baseseq16-b1-t2-i0-c2-sample",
                    "default-bert_baseseq16-b8-t2-i0-c1-sample",
                            "parallel-bert_baseseq16-b8-t2-i0-c1-sample",
                    "default-bert_baseseq16-b8-t2-i0-c2-sample",
                            "parallel-bert_baseseq16-b8-t2-i0-c2-sample");

    @Test
    void thePlanIsEveryConfigurationInTheStatedOrderWithLaunchSetsFastest() {
        assertThat(modelIds(Shard.ALL)).containsExactlyElementsOf(PLAN);
        assertThat(sweep().configurations()).isEqualTo(16);
    }

    /**
     * interleave = models: the same 16, sorted by batch, threads, callers, mode, launch set, the
     * models in file order.
     */
    @Test
    void interleavingModelsMeasuresEachConfigurationOfEveryModelInTurn() {
        SweepDefinition d = SweepDefinition.parse("t", DEFINITION + "interleave = models\n", 2);
        assertThat(SweepPlan.models(d).stream().map(Job::id))
                .containsExactly(
                        "default-mlp-b1-t2-i0-c1-sample",
                                "default-bert_baseseq16-b1-t2-i0-c1-sample",
                        "parallel-mlp-b1-t2-i0-c1-sample",
                                "parallel-bert_baseseq16-b1-t2-i0-c1-sample",
                        "default-mlp-b1-t2-i0-c2-sample",
                                "default-bert_baseseq16-b1-t2-i0-c2-sample",
                        "parallel-mlp-b1-t2-i0-c2-sample",
                                "parallel-bert_baseseq16-b1-t2-i0-c2-sample",
                        "default-mlp-b8-t2-i0-c1-sample",
                                "default-bert_baseseq16-b8-t2-i0-c1-sample",
                        "parallel-mlp-b8-t2-i0-c1-sample",
                                "parallel-bert_baseseq16-b8-t2-i0-c1-sample",
                        "default-mlp-b8-t2-i0-c2-sample",
                                "default-bert_baseseq16-b8-t2-i0-c2-sample",
                        "parallel-mlp-b8-t2-i0-c2-sample",
                                "parallel-bert_baseseq16-b8-t2-i0-c2-sample");
        assertThat(d.describe()).containsEntry("interleave", "models");
        assertThat(sweep().describe()).doesNotContainKey("interleave");
        assertThatThrownBy(
                        () -> SweepDefinition.parse("t", DEFINITION + "interleave = batches\n", 2))
                .hasMessage(
                        "t:15: interleave 'batches' is not accepted; accepted: launches, models");
    }

    /** Shard i of n takes the positions i, i + n, i + 2n ... of the plan (0-based). */
    @Test
    void shardsTakeEveryNthConfigurationOfThePlan() {
        // positions 0, 3, 6, 9, 12, 15
        assertThat(modelIds(new Shard(0, 3)))
                .containsExactly(
                        PLAN.get(0),
                        PLAN.get(3),
                        PLAN.get(6),
                        PLAN.get(9),
                        PLAN.get(12),
                        PLAN.get(15));
        assertThat(modelIds(new Shard(1, 3)))
                .containsExactly(
                        "parallel-mlp-b1-t2-i0-c1-sample",
                        "default-mlp-b8-t2-i0-c1-sample",
                        "parallel-mlp-b8-t2-i0-c2-sample",
                        "default-bert_baseseq16-b1-t2-i0-c2-sample",
                        "parallel-bert_baseseq16-b8-t2-i0-c1-sample");
        assertThat(modelIds(new Shard(2, 3)))
                .containsExactly(
                        "default-mlp-b1-t2-i0-c2-sample",
                        "parallel-mlp-b8-t2-i0-c1-sample",
                        "default-bert_baseseq16-b1-t2-i0-c1-sample",
                        "parallel-bert_baseseq16-b1-t2-i0-c2-sample",
                        "default-bert_baseseq16-b8-t2-i0-c2-sample");
        for (int n = 1; n <= 7; n++) {
            List<String> union = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                union.addAll(modelIds(new Shard(i, n)));
            }
            assertThat(union)
                    .as("%d shards", n)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(PLAN);
        }
    }

    @Test
    void everyShardMeasuresItsOwnCeilings() {
        for (int i = 0; i < 3; i++) {
            SweepDefinition twoThreadCounts =
                    SweepDefinition.parse(
                            "t",
                            DEFINITION.replace("intraOpThreads = all", "intraOpThreads = 1, all"),
                            2);
            assertThat(
                            SweepPlan.jobs(twoThreadCounts, new Shard(i, 3)).stream()
                                    .filter(j -> j instanceof Job.Ceiling)
                                    .map(Job::id))
                    .containsExactly("ceiling-t1", "ceiling-t2");
        }
    }

    @Test
    void shardTextIsCheckedLikeAnIndexedJobIndex() {
        assertThat(Shard.parse("3/4")).isEqualTo(new Shard(3, 4));
        assertThat(Shard.parse("3/4").label()).isEqualTo("shard-3-of-4");
        assertThatThrownBy(() -> Shard.parse("4/4"))
                .hasMessage("shard 4/4 is not accepted; accepted: i/n with 0 <= i < n, e.g. 0/4");
        assertThatThrownBy(() -> Shard.parse("1of4"))
                .hasMessage(
                        "shard '1of4' is not accepted; accepted: i/n with 0 <= i < n, e.g. 0/4");
        assertThatThrownBy(() -> Shard.parse("-1/4"))
                .hasMessageStartingWith("shard -1/4 is not accepted");
    }

    private static final String SERVE =
            String.join(
                    "\n",
                    "kind = serve",
                    "models = mlp, resnet18",
                    "layouts = all",
                    "maxBatch = 1, 8",
                    "maxDelay = 20ms",
                    "p99 = 100ms",
                    "ceilingMatrixSize = 0",
                    "ceilingArrayMiB = 0",
                    "launch.default = allocator=glibc-tuned; mklOnAmd=off",
                    "launch.parallel = allocator=glibc-tuned; mklOnAmd=off; jvmArgs=-XX:+UseParallelGC",
                    "");

    /**
     * Serve jobs nest model, layout (all on 2 cores: 1x2, 2x1), max batch, launch set, launch sets
     * fastest; max batch 1 never waits, so its delay is 0; then the FMA peak at the 2 cores both
     * layouts keep busy.
     */
    @Test
    void serveJobsRunModelLayoutBatcherAndLaunchSetInThatOrder() {
        SweepDefinition d = SweepDefinition.parse("t", SERVE, 2);
        assertThat(SweepPlan.jobs(d, Shard.ALL).stream().map(Job::id))
                .containsExactly(
                        "default-mlp-w1-t2-mb1-d0ms-serve",
                        "parallel-mlp-w1-t2-mb1-d0ms-serve",
                        "default-mlp-w1-t2-mb8-d20ms-serve",
                        "parallel-mlp-w1-t2-mb8-d20ms-serve",
                        "default-mlp-w2-t1-mb1-d0ms-serve",
                        "parallel-mlp-w2-t1-mb1-d0ms-serve",
                        "default-mlp-w2-t1-mb8-d20ms-serve",
                        "parallel-mlp-w2-t1-mb8-d20ms-serve",
                        "default-resnet18-w1-t2-mb1-d0ms-serve",
                        "parallel-resnet18-w1-t2-mb1-d0ms-serve",
                        "default-resnet18-w1-t2-mb8-d20ms-serve",
                        "parallel-resnet18-w1-t2-mb8-d20ms-serve",
                        "default-resnet18-w2-t1-mb1-d0ms-serve",
                        "parallel-resnet18-w2-t1-mb1-d0ms-serve",
                        "default-resnet18-w2-t1-mb8-d20ms-serve",
                        "parallel-resnet18-w2-t1-mb8-d20ms-serve",
                        "ceiling-t2");
        assertThat(d.configurations()).isEqualTo(16);
        Job.Serve first = SweepPlan.serves(d).get(2);
        assertThat(first.workers()).isEqualTo(1);
        assertThat(first.threads()).isEqualTo(2);
        assertThat(first.maxBatch()).isEqualTo(8);
        assertThat(first.maxDelayNanos()).isEqualTo(20_000_000L);
        assertThat(first.resultFile()).isEqualTo("serve-default-mlp-w1-t2-mb8-d20ms-serve.json");
        assertThat(first.histogramFile()).isEqualTo("serve-default-mlp-w1-t2-mb8-d20ms-serve.hlog");
        assertThat(SweepPlan.jobs(d, Shard.ALL).get(16).resultFile())
                .isEqualTo("jmh-ceiling-t2.json");
    }

    @Test
    void interleavingModelsServesEachLayoutOfEveryModelInTurn() {
        SweepDefinition d =
                SweepDefinition.parse(
                        "t",
                        SERVE.replace("maxBatch = 1, 8", "maxBatch = 4")
                                        .replaceAll("(?m)^launch\\.parallel.*$", "")
                                + "interleave = models\n",
                        2);
        assertThat(SweepPlan.serves(d).stream().map(Job::id))
                .containsExactly(
                        "default-mlp-w1-t2-mb4-d20ms-serve",
                        "default-resnet18-w1-t2-mb4-d20ms-serve",
                        "default-mlp-w2-t1-mb4-d20ms-serve",
                        "default-resnet18-w2-t1-mb4-d20ms-serve");
    }

    /**
     * The ceilings run at each count of cores a layout keeps busy, capped at the machine's: on 2
     * cores, 1x1 uses 1 and 1x2, 2x1 and 4x2 use 2.
     */
    @Test
    void serveCeilingsRunAtEachCountOfCoresTheLayoutsUse() {
        SweepDefinition d =
                SweepDefinition.parse(
                        "t",
                        SERVE.replace("layouts = all", "layouts = 1x2, 1x1, 2x1, 4x2")
                                .replace("ceilingMatrixSize = 0", "ceilingMatrixSize = 64"),
                        2);
        assertThat(SweepPlan.ceilingThreads(d)).containsExactly(2, 1);
        assertThat(
                        SweepPlan.jobs(d, new Shard(1, 3)).stream()
                                .filter(j -> j instanceof Job.Ceiling)
                                .map(Job::id))
                .containsExactly("ceiling-t2", "ceiling-t1");
        // with every ceiling off there are none
        assertThat(
                        SweepPlan.jobs(
                                        SweepDefinition.parse("t", SERVE + "ceilingFma = off\n", 2),
                                        Shard.ALL)
                                .stream()
                                .filter(j -> j instanceof Job.Ceiling))
                .isEmpty();
    }

    @Test
    void serveJobsAreShardedByPositionAsModelJobsAre() {
        SweepDefinition d = SweepDefinition.parse("t", SERVE, 2);
        List<String> all = SweepPlan.serves(d).stream().map(Job::id).toList();
        List<String> union = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> part =
                    SweepPlan.jobs(d, new Shard(i, 3)).stream()
                            .filter(j -> j instanceof Job.Serve)
                            .map(Job::id)
                            .toList();
            assertThat(part.get(0)).isEqualTo(all.get(i));
            union.addAll(part);
        }
        assertThat(union).containsExactlyInAnyOrderElementsOf(all);
    }
}
