package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
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

    /** A fork's row and a peer row of one configuration, under a launch set. */
    private static DerivedRow row(String benchmark, String launch, double mean) {
        return new DerivedRow()
                .put(Column.BENCHMARK, benchmark)
                .put(Column.JMH_MODE, "sample")
                .put(Column.MODEL, "mlp")
                .put(Column.BATCH_SIZE, 2)
                .put(Column.INTRA_OP_THREADS, 1)
                .put(Column.CALLERS, 1)
                .put(Column.LAUNCH, launch)
                .put(Column.LATENCY_MS_MEAN, mean)
                .put(Column.LATENCY_MS_ERROR, 0.001);
    }

    /**
     * With two launch sets each peer run is paired with the fork it followed, named by its row's
     * launch: 0.06 / 0.05 and 0.09 / 0.10, not both with the first fork.
     */
    @Test
    void aPeerRowIsPairedWithTheForkOfItsLaunchSet() {
        List<DerivedRow> rows =
                List.of(
                        row("InferenceBenchmark.infer", "default", 0.05),
                        row("InferenceBenchmark.infer", "other", 0.10),
                        row("PyTorchPeer.forward", "default", 0.06),
                        row("PyTorchPeer.forward", "other", 0.09));
        assertThat(PeerComparison.lines(rows))
                .extracting(PeerComparison.Line::ratio)
                .containsExactly(0.06 / 0.05, 0.09 / 0.10);
        assertThat(PeerComparison.lines(rows))
                .extracting(PeerComparison.Line::model)
                .containsExactly("mlp", "mlp [other]");
    }

    /**
     * The launch column of a peer CSV reaches the derived row as a fork's JVM arguments name it.
     */
    @Test
    void aPeerCsvsLaunchBecomesTheRowsLaunch() throws Exception {
        StringWriter csv = new StringWriter();
        try (CSVParser parser =
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .build()
                        .parse(new StringReader(Fixtures.jmh("peer-pytorch.csv")))) {
            List<String> header = new ArrayList<>(parser.getHeaderNames());
            header.add("launch");
            try (CSVPrinter out =
                    new CSVPrinter(
                            csv,
                            CSVFormat.DEFAULT
                                    .builder()
                                    .setHeader(header.toArray(String[]::new))
                                    .build())) {
                for (CSVRecord r : parser) {
                    List<String> values = new ArrayList<>(r.toList());
                    values.add("omp-active");
                    out.printRecord(values);
                }
            }
        }
        Path peerCsv = Files.writeString(dir.resolve("peer-launch.csv"), csv.toString());
        BenchmarkResult first = PeerCsv.read(peerCsv).get(0);
        assertThat(first.jvmArgs()).contains("-Deffbench.launch=omp-active");
        assertThat(Deriver.launch(first.jvmArgs())).isEqualTo("omp-active");
    }

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
