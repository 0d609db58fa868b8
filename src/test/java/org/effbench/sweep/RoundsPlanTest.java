package org.effbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code rounds = N}: the whole job list N times, round after round, each job's id ending in its
 * round, peers after their twins in each round, the ceilings once; without the key (or with 1), the
 * plan, its ids and the canonical form are what they were.
 */
class RoundsPlanTest {

    private static final String DEFINITION =
            String.join(
                    "\n",
                    "models = mlp, resnet18",
                    "batchSizes = 1, 8",
                    "intraOpThreads = 1",
                    "callers = 1",
                    "modes = sample",
                    "warmupIterations = 1",
                    "warmupTime = 1s",
                    "measurementIterations = 1",
                    "measurementTime = 1s",
                    "forks = 1",
                    "ceilingMatrixSize = 64",
                    "ceilingArrayMiB = 0",
                    "ceilingFma = off",
                    "allocator = glibc",
                    "mklOnAmd = off",
                    "");

    private static SweepDefinition sweep(String extra) {
        return SweepDefinition.parse("t", DEFINITION + extra, 2);
    }

    private static List<String> ids(SweepDefinition d, Shard shard) {
        return SweepPlan.jobs(d, shard).stream().map(Job::id).toList();
    }

    @Test
    void roundsRunTheWholeListRoundAfterRoundThenTheCeilingsOnce() {
        List<String> once = ids(sweep(""), Shard.ALL);
        assertThat(once)
                .containsExactly(
                        "default-mlp-b1-t1-i0-c1-sample",
                        "default-mlp-b8-t1-i0-c1-sample",
                        "default-resnet18-b1-t1-i0-c1-sample",
                        "default-resnet18-b8-t1-i0-c1-sample",
                        "ceiling-t1");
        List<String> expected = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            for (String id : once.subList(0, 4)) {
                expected.add(id + "-r" + round);
            }
        }
        expected.add("ceiling-t1");
        assertThat(ids(sweep("rounds = 3\n"), Shard.ALL)).containsExactlyElementsOf(expected);
    }

    @Test
    void aPeerFollowsItsTwinInEveryRound() {
        assertThat(ids(sweep("rounds = 2\npeer = pytorch\n"), Shard.ALL))
                .startsWith(
                        "default-mlp-b1-t1-i0-c1-sample-r1",
                        "default-mlp-b1-t1-i0-c1-pytorch-r1",
                        "default-mlp-b8-t1-i0-c1-sample-r1",
                        "default-mlp-b8-t1-i0-c1-pytorch-r1")
                .contains(
                        "default-resnet18-b8-t1-i0-c1-pytorch-r1",
                        "default-mlp-b1-t1-i0-c1-sample-r2",
                        "default-mlp-b1-t1-i0-c1-pytorch-r2")
                .hasSize(2 * 8 + 1);
        Job peer = SweepPlan.jobs(sweep("rounds = 2\npeer = pytorch\n"), Shard.ALL).get(9);
        assertThat(peer.resultFile()).isEqualTo("peer-default-mlp-b1-t1-i0-c1-pytorch-r2.csv");
    }

    @Test
    void withoutRoundsOrWithOneTheIdsAndTheCanonicalFormAreUnchanged() {
        SweepDefinition none = sweep("");
        SweepDefinition one = sweep("rounds = 1\n");
        assertThat(ids(one, Shard.ALL)).isEqualTo(ids(none, Shard.ALL));
        // the resume hash is made of the canonical form
        assertThat(one.describe()).isEqualTo(none.describe()).doesNotContainKey("rounds");
        assertThat(sweep("rounds = 4\n").describe()).containsEntry("rounds", "4");
        assertThat(none.withRounds(4)).isEqualTo(sweep("rounds = 4\n"));
    }

    @Test
    void aShardKeepsEveryRoundOfItsConfigurations() {
        SweepDefinition d = sweep("rounds = 2\n");
        List<String> first = ids(d, new Shard(0, 2));
        List<String> second = ids(d, new Shard(1, 2));
        assertThat(first)
                .containsExactly(
                        "default-mlp-b1-t1-i0-c1-sample-r1",
                        "default-resnet18-b1-t1-i0-c1-sample-r1",
                        "default-mlp-b1-t1-i0-c1-sample-r2",
                        "default-resnet18-b1-t1-i0-c1-sample-r2",
                        "ceiling-t1");
        assertThat(second)
                .containsExactly(
                        "default-mlp-b8-t1-i0-c1-sample-r1",
                        "default-resnet18-b8-t1-i0-c1-sample-r1",
                        "default-mlp-b8-t1-i0-c1-sample-r2",
                        "default-resnet18-b8-t1-i0-c1-sample-r2",
                        "ceiling-t1");
    }

    @Test
    void aFileOrIdNamesItsRound() {
        assertThat(Job.round("jmh-default-mlp-b1-t1-i0-c1-sample-r12.json")).isEqualTo(12);
        assertThat(Job.round("peer-default-mlp-b1-t1-i0-c1-pytorch-r2.csv")).isEqualTo(2);
        assertThat(Job.round("jmh-default-mlp-b1-t1-i0-c1-sample-r3.json.gz")).isEqualTo(3);
        assertThat(Job.round("default-mlp-b1-t1-i0-c1-sample-r3")).isEqualTo(3);
        assertThat(Job.round("jmh-default-mlp-b1-t1-i0-c1-sample.json")).isZero();
        assertThat(Job.round("jmh-ceiling-t1.json")).isZero();
        assertThat(Job.withoutRound("jmh-default-mlp-b1-t1-i0-c1-sample-r12.json"))
                .isEqualTo("jmh-default-mlp-b1-t1-i0-c1-sample.json");
        assertThat(Job.withoutRound("jmh-default-mlp-b1-t1-i0-c1-sample.json"))
                .isEqualTo("jmh-default-mlp-b1-t1-i0-c1-sample.json");
    }

    @Test
    void roundsAreAWholeNumberOfAtLeastOneAndOnlyForJmhSweeps() {
        assertThatThrownBy(() -> sweep("rounds = 0\n"))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("rounds")
                .hasMessageContaining(">= 1");
        assertThatThrownBy(() -> sweep("").withRounds(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rounds 0; accepted: a whole number >= 1");
    }
}
