package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.effbench.bench.InferenceConfig;
import org.effbench.jmh.BenchmarkResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer table's precision groups, ratio intervals and judgements on hand-made rows, and a sweep
 * peer job's row of a file model read back.
 */
class PeerJudgementTest {

    @TempDir Path dir;

    private static DerivedRow row(
            String benchmark, String model, String dtype, int batch, double ms, double error) {
        return new DerivedRow()
                .put(Column.BENCHMARK, benchmark)
                .put(Column.JMH_MODE, "sample")
                .put(Column.MODEL, model)
                .put(Column.DTYPE, dtype)
                .put(Column.BATCH_SIZE, batch)
                .put(Column.INTRA_OP_THREADS, 2)
                .put(Column.CALLERS, 1)
                .put(Column.LATENCY_MS_MEAN, ms)
                .put(Column.LATENCY_MS_ERROR, error);
    }

    private static List<DerivedRow> pair(
            String model,
            String dtype,
            int batch,
            double own,
            double ownError,
            double peer,
            double peerError) {
        return List.of(
                row("InferenceBenchmark.infer", model, dtype, batch, own, ownError),
                row("PyTorchPeer.forward", model, dtype, batch, peer, peerError));
    }

    @Test
    void eachLineIsJudgedByWhetherTheTwoErrorIntervalsOverlap() {
        List<DerivedRow> rows = new ArrayList<>();
        // int8 first in the run: the table still shows fp32, then bf16, then int8, then others
        rows.addAll(pair("file:int8.pt", "int8", 1, 10, 0.5, 9, 0.4)); // 9.4 < 9.5: slower
        rows.addAll(pair("resnet50", "fp32", 1, 10, 0.5, 11, 0.4)); // 10.6 > 10.5: faster
        rows.addAll(pair("resnet50", "fp32", 8, 10, 0.5, 10.8, 0.4)); // overlap: within
        rows.addAll(pair("file:bf16.pt", "bf16", 1, 10, 1, 9.5, 1)); // overlap: within
        rows.addAll(pair("file:bert_int8.pt", "mixed", 1, 10, Double.NaN, 12, 1));

        List<PeerComparison.Line> lines = PeerComparison.lines(rows);

        assertThat(lines)
                .extracting(PeerComparison.Line::precision)
                .containsExactly("fp32", "fp32", "bf16", "int8", "mixed");
        assertThat(lines)
                .extracting(PeerComparison.Line::judgement)
                .containsExactly(
                        PeerComparison.Judgement.FASTER,
                        PeerComparison.Judgement.WITHIN,
                        PeerComparison.Judgement.WITHIN,
                        PeerComparison.Judgement.SLOWER,
                        PeerComparison.Judgement.UNKNOWN);
        PeerComparison.Line faster = lines.get(0);
        assertThat(faster.ratio()).isCloseTo(1.1, within(1e-12));
        assertThat(faster.ratioLow()).isCloseTo(10.6 / 10.5, within(1e-12));
        assertThat(faster.ratioHigh()).isCloseTo(11.4 / 9.5, within(1e-12));
        assertThat(PeerComparison.table(lines))
                .contains(
                        "| fp32 | resnet50 | 1 | 2 | 10.00 ± 0.50 | 11.00 ± 0.40 | 1.10 | 1.01-1.20 | effbench faster |")
                .contains(
                        "| int8 | file:int8.pt | 1 | 2 | 10.00 ± 0.50 | 9.00 ± 0.40 | 0.90 | 0.82-0.99 | effbench slower beyond the error |");
        assertThat(PeerComparison.summary(lines))
                .hasValueSatisfying(
                        s ->
                                assertThat(s)
                                        .contains("5 configurations")
                                        .contains("fp32 1 effbench faster, 1 within the error;")
                                        .contains("bf16 1 within the error;")
                                        .contains("int8 1 effbench slower beyond the error;")
                                        .endsWith("mixed 1 no error interval"));
        assertThat(PeerComparison.cells(lines.get(4))).contains("-", "no error interval");
        // these rows have no counted work and no measured peak: a dash, not "NaN"
        assertThat(PeerComparison.cells(lines.get(0))).endsWith("-", "-");
        assertThat(PeerComparison.summary(List.of())).isEmpty();
    }

    @Test
    void theVerdictCountsThePeerLinesPerPrecision() {
        List<DerivedRow> rows = new ArrayList<>(pair("resnet50", "fp32", 1, 10, 0.5, 11, 0.4));
        assertThat(Verdict.of(rows, Optional.empty()).notes())
                .anySatisfy(
                        n ->
                                assertThat(n)
                                        .startsWith("against Python PyTorch")
                                        .endsWith("fp32 1 effbench faster"));
    }

    /** The row a peer job writes for a file model, as peer_pytorch.py writes it. */
    @Test
    void aFileModelsPeerRowCarriesItsInputSoItMatchesItsTwin() throws Exception {
        Path csv =
                Files.writeString(
                        dir.resolve("peer-default-fileint8pt-b8-t2-i0-c1-pytorch.csv"),
                        "run_id,model,batch_size,intra_op_threads,callers,dtype,jmh_mode,forks,iterations,"
                                + "latency_ms_mean,latency_ms_p50,latency_ms_p90,latency_ms_p99,latency_ms_p999,"
                                + "latency_ms_error,throughput_samples_per_s,benchmark,throughput_source,warmup,"
                                + "measurement,warnings,latency_n,latency_ms_min,latency_ms_max,latency_ms_stdev,"
                                + "latency_ms_p95,input\n"
                                + "r,file:/v/int8.pt,8,2,1,,sample,1,40,50.5,50,52,55,56,0.8,158.4,"
                                + "PyTorchPeer.forward,derived: batch / mean latency,6s,40 calls in 10s,"
                                + "\"Python PyTorch 1.13.0a0 peer (torch.jit.load, quantized engine onednn)\","
                                + "40,48,57,1.5,54,1x3x224x224\n");
        List<BenchmarkResult> results = PeerCsv.read(csv);
        assertThat(results).hasSize(1);
        InferenceConfig config = InferenceConfig.fromJmh(results.get(0).params());
        assertThat(config.model().model()).isEqualTo("file:/v/int8.pt");
        // canonical, as effbench's twin carries it
        assertThat(config.model().input()).isEqualTo("1x3x224x224:float32");
        assertThat(config.batchSize()).isEqualTo(8);
        // what ran, in the column peers have always used for it
        assertThat(results.get(0).jvmArgs()).singleElement().asString().contains("onednn");
    }
}
