package org.effbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code peer = pytorch}: a peer job right after each sample-mode, one-caller configuration. */
class PeerJobsTest {

    private static final String DEFINITION =
            String.join(
                    "\n",
                    "models = mlp, resnet18",
                    "batchSizes = 1, 8",
                    "intraOpThreads = 1",
                    "callers = 1, 2",
                    "modes = sample, thrpt",
                    "warmupIterations = 2",
                    "warmupTime = 500ms",
                    "measurementIterations = 3",
                    "measurementTime = 2s",
                    "forks = 1",
                    "ceilingMatrixSize = 0",
                    "ceilingArrayMiB = 0",
                    "ceilingFma = off",
                    "allocator = glibc",
                    "mklOnAmd = off",
                    "interleave = models",
                    "");

    private static SweepDefinition sweep(String extra) {
        return SweepDefinition.parse("t", DEFINITION + extra, 2);
    }

    private static List<String> ids(SweepDefinition d, Shard shard) {
        return SweepPlan.jobs(d, shard).stream().map(Job::id).toList();
    }

    @Test
    void eachSampleConfigurationWithOneCallerIsFollowedByItsPeer() {
        List<String> ids = ids(sweep("peer = pytorch\n"), Shard.ALL);
        // 2 models x 2 batches x 2 callers x 2 modes = 16 configurations, 4 of them sample with one
        // caller: 4 peers, each right after its twin (models interleaved)
        assertThat(ids).hasSize(20);
        assertThat(ids.subList(0, 4))
                .containsExactly(
                        "default-mlp-b1-t1-i0-c1-sample",
                        "default-mlp-b1-t1-i0-c1-pytorch",
                        "default-resnet18-b1-t1-i0-c1-sample",
                        "default-resnet18-b1-t1-i0-c1-pytorch");
        assertThat(ids.stream().filter(i -> i.endsWith("-pytorch")))
                .containsExactly(
                        "default-mlp-b1-t1-i0-c1-pytorch",
                        "default-resnet18-b1-t1-i0-c1-pytorch",
                        "default-mlp-b8-t1-i0-c1-pytorch",
                        "default-resnet18-b8-t1-i0-c1-pytorch");
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).endsWith("-pytorch")) {
                assertThat(ids.get(i - 1)).isEqualTo(ids.get(i).replaceFirst("pytorch$", "sample"));
            }
        }
        // the same definition, the same ids
        assertThat(ids(sweep("peer = pytorch\n"), Shard.ALL)).isEqualTo(ids);
    }

    @Test
    void aPeerKeepsItsResultInItsOwnCsvAndRunsUnderItsTwinsLaunchSet() {
        Job.Peer peer =
                (Job.Peer)
                        SweepPlan.jobs(sweep("peer = pytorch\n"), Shard.ALL).stream()
                                .filter(Job.Peer.class::isInstance)
                                .findFirst()
                                .orElseThrow();
        assertThat(peer.resultFile()).isEqualTo("peer-default-mlp-b1-t1-i0-c1-pytorch.csv");
        assertThat(peer.launch()).isEqualTo(peer.twin().launch());
        Job.Model throughput =
                new Job.Model(
                        peer.launch(),
                        peer.twin().model(),
                        1,
                        1,
                        0,
                        1,
                        org.openjdk.jmh.annotations.Mode.Throughput);
        assertThatThrownBy(() -> new Job.Peer(throughput))
                .hasMessageContaining("sample-mode configuration with one caller");
    }

    @Test
    void withoutAPeerThePlanAndTheResumeHashAreWhatTheyWere() {
        SweepDefinition without = sweep("");
        SweepDefinition none = sweep("peer = none\n");
        assertThat(ids(none, Shard.ALL)).isEqualTo(ids(without, Shard.ALL)).hasSize(16);
        assertThat(none.describe()).isEqualTo(without.describe()).doesNotContainKey("peer");
        assertThat(sweep("peer = pytorch\n").describe()).containsEntry("peer", "pytorch");
    }

    @Test
    void aPeerRunsInItsTwinsShardAndTakesNoPosition() {
        SweepDefinition d = sweep("peer = pytorch\n");
        List<String> first = ids(d, new Shard(0, 2));
        List<String> second = ids(d, new Shard(1, 2));
        // positions over the 16 configurations alone, as without a peer
        assertThat(first.stream().filter(i -> !i.endsWith("-pytorch")))
                .containsExactlyElementsOf(ids(sweep(""), new Shard(0, 2)));
        assertThat(second.stream().filter(i -> !i.endsWith("-pytorch")))
                .containsExactlyElementsOf(ids(sweep(""), new Shard(1, 2)));
        // the first configuration (position 0) and its peer are in shard 0
        assertThat(first.subList(0, 2))
                .containsExactly(
                        "default-mlp-b1-t1-i0-c1-sample", "default-mlp-b1-t1-i0-c1-pytorch");
        assertThat(first.size() + second.size()).isEqualTo(20);
    }

    @Test
    void anUnknownPeerIsRejectedNamingTheAcceptedOnes() {
        assertThatThrownBy(() -> sweep("peer = tensorflow\n"))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("peer")
                .hasMessageContaining("none, pytorch");
    }

    @Test
    void aServeDefinitionHasNoPeer() {
        assertThatThrownBy(
                        () ->
                                SweepDefinition.parse(
                                        "s",
                                        String.join(
                                                "\n",
                                                "kind = serve",
                                                "models = mlp",
                                                "layouts = 1x1",
                                                "maxBatch = 1",
                                                "p99 = 100ms",
                                                "ceilingMatrixSize = 0",
                                                "ceilingArrayMiB = 0",
                                                "peer = pytorch"),
                                        2))
                .hasMessageContaining("peer is a key of kind jmh only");
    }
}
