package org.effbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

    private static final String DEFINITION = String.join("\n",
            "models = mlp, bert_base:seq=16",
            "batchSizes = 1, 8, 32",
            "intraOpThreads = 1, all",
            "callers = 1, 2",
            "modes = sample",
            "warmupIterations = 0", "warmupTime = 100ms", "measurementIterations = 1", "measurementTime = 100ms",
            "forks = 1", "ceilingMatrixSize = 64", "ceilingArrayMiB = 0",
            "launch.default = allocator=glibc-tuned; mklOnAmd=off",
            "launch.parallel = allocator=glibc-tuned; mklOnAmd=off; jvmArgs=-XX:+UseParallelGC", "");

    private static SweepDefinition sweep() {
        return SweepDefinition.parse("t", DEFINITION, 2);
    }

    private static List<String> modelIds(Shard shard) {
        return SweepPlan.jobs(sweep(), shard).stream().filter(j -> j instanceof Job.Model).map(Job::id).toList();
    }

    @Test
    void idsAreStableUniqueAndReadable() {
        List<String> ids = modelIds(Shard.ALL);
        // 2 launch sets x 2 models x 3 batches x 2 threads x 2 callers x 1 mode
        assertThat(ids).hasSize(48).doesNotHaveDuplicates().isEqualTo(modelIds(Shard.ALL));
        // launch sets vary fastest: what a tuning run compares is measured side by side
        assertThat(ids.subList(0, 3)).containsExactly("default-mlp-b1-t1-i0-c1-sample", "parallel-mlp-b1-t1-i0-c1-sample",
                "default-mlp-b1-t1-i0-c2-sample");
        assertThat(ids).contains("parallel-bert_baseseq16-b32-t2-i0-c2-sample");
        assertThat(sweep().configurations()).isEqualTo(48);
    }

    @Test
    void interleavingModelsMeasuresEachConfigurationOfEveryModelInTurn() {
        SweepDefinition d = SweepDefinition.parse("t", DEFINITION + "interleave = models\n", 2);
        List<String> ids = SweepPlan.models(d).stream().map(Job::id).toList();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(modelIds(Shard.ALL));
        assertThat(ids.subList(0, 5)).containsExactly("default-mlp-b1-t1-i0-c1-sample", "default-bert_baseseq16-b1-t1-i0-c1-sample",
                "parallel-mlp-b1-t1-i0-c1-sample", "parallel-bert_baseseq16-b1-t1-i0-c1-sample", "default-mlp-b1-t1-i0-c2-sample");
        assertThat(d.describe()).containsEntry("interleave", "models");
        assertThat(sweep().describe()).doesNotContainKey("interleave");
        assertThatThrownBy(() -> SweepDefinition.parse("t", DEFINITION + "interleave = batches\n", 2))
                .hasMessage("t:15: interleave 'batches' is not accepted; accepted: launches, models");
    }

    @Test
    void shardsSplitTheSweepWithoutOverlapAndTogetherCoverIt() {
        for (int n = 1; n <= 7; n++) {
            List<String> union = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                for (String id : modelIds(new Shard(i, n))) {
                    assertThat(seen.add(id)).as("%s in two shards of %d", id, n).isTrue();
                    union.add(id);
                }
            }
            assertThat(union).containsExactlyInAnyOrderElementsOf(modelIds(Shard.ALL));
        }
        // sizes differ by at most one
        assertThat(modelIds(new Shard(0, 5))).hasSize(10);
        assertThat(modelIds(new Shard(4, 5))).hasSize(9);
    }

    @Test
    void everyShardMeasuresItsOwnCeilings() {
        for (int i = 0; i < 3; i++) {
            assertThat(SweepPlan.jobs(sweep(), new Shard(i, 3)).stream().filter(j -> j instanceof Job.Ceiling).map(Job::id))
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
                .hasMessage("shard '1of4' is not accepted; accepted: i/n with 0 <= i < n, e.g. 0/4");
        assertThatThrownBy(() -> Shard.parse("-1/4")).hasMessageStartingWith("shard -1/4 is not accepted");
    }
}
