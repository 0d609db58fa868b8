package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.effbench.Fixtures;
import org.effbench.energy.EnergyTable;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.JmhJson;
import org.effbench.metrics.StaticMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * peer-pytorch.csv was written by scripts/peer_pytorch.py (Debian torch 1.13) for mlp, resnet18 and
 * bert_base:seq=16 at batch 2 and 1 thread; its rows are derived like effbench's own.
 */
class PeerComparisonTest {

    @TempDir Path dir;

    @Test
    void peerRowsAreDerivedLikeOwnRowsAndComparedOnTheSameConfiguration() throws Exception {
        Path peerCsv =
                Files.writeString(
                        dir.resolve("peer-pytorch.csv"), Fixtures.jmh("peer-pytorch.csv"));
        List<BenchmarkResult> results = new ArrayList<>(PeerCsv.read(peerCsv));
        assertThat(results).hasSize(3);
        assertThat(results.get(0).benchmark()).isEqualTo("peer.PyTorchPeer.forward");
        // effbench's own rows: mlp at batch 2, 1 thread, but 2 callers in the golden run: not the
        // same configuration
        results.addAll(JmhJson.parse("f", Fixtures.jmh("all-modes-2-callers.json")).results());
        StaticMetrics mlp = new StaticMetrics(668_672, 669_706, 2_058, 3_136, 12_345);
        List<DerivedRow> rows =
                new Deriver(
                                "run",
                                Optional.of(Fixtures.MACHINE),
                                (m, in, b) -> m.equals("mlp") ? Optional.of(mlp) : Optional.empty(),
                                Fixtures.ENERGY,
                                EnergyTable.horowitz45nm())
                        .derive(results);

        DerivedRow peerMlp = rows.get(0);
        assertThat(peerMlp.text(Column.BENCHMARK)).isEqualTo("PyTorchPeer.forward");
        assertThat(peerMlp.number(Column.LATENCY_MS_MEAN))
                .isCloseTo(0.05798074124970534, within(1e-12));
        // 2 x 668,672 FLOPs x (2 x 1000 / 0.05798 ms) samples/s
        assertThat(peerMlp.number(Column.ACHIEVED_GFLOPS))
                .isCloseTo(1_337_344 * (2 * 1000 / 0.05798074124970534) / 1e9, within(1e-9));
        assertThat(PeerComparison.lines(rows)).as("no effbench row with 1 caller").isEmpty();

        // the same configuration measured by effbench with 1 caller: compared
        DerivedRow own =
                new DerivedRow()
                        .put(Column.BENCHMARK, "InferenceBenchmark.infer")
                        .put(Column.JMH_MODE, "sample")
                        .put(Column.MODEL, "mlp")
                        .put(Column.BATCH_SIZE, 2)
                        .put(Column.INTRA_OP_THREADS, 1)
                        .put(Column.CALLERS, 1)
                        .put(Column.LATENCY_MS_MEAN, 0.05)
                        .put(Column.LATENCY_MS_ERROR, 0.001);
        rows.add(own);
        List<PeerComparison.Line> lines = PeerComparison.lines(rows);
        assertThat(lines)
                .singleElement()
                .satisfies(
                        l ->
                                assertThat(l.ratio())
                                        .isCloseTo(0.05798074124970534 / 0.05, within(1e-12)));
        assertThat(PeerComparison.table(lines))
                .contains("| mlp | 2 | 1 | 0.05 ± 0.00 | 0.06 ± 0.00 | 1.16 |");
    }
}
