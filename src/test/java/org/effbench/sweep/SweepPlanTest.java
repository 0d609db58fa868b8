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
}
