package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.effbench.Fixtures;
import org.effbench.energy.EnergyTable;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.SampleStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer's CSV as scripts/peer_pytorch.py writes it now, and as it wrote it before. */
class PeerCsvTest {

    private static final String OLD_HEADER =
            "run_id,model,batch_size,intra_op_threads,callers,dtype,jmh_mode,forks,iterations,"
                    + "latency_ms_mean,latency_ms_p50,latency_ms_p90,latency_ms_p99,latency_ms_p999,"
                    + "latency_ms_error,throughput_samples_per_s,benchmark,throughput_source,warmup,"
                    + "measurement,warnings";

    @TempDir Path dir;

    @Test
    void theCountMinMaxStdevAndP95OfTheCurrentFormatReachTheRow() throws Exception {
        Path csv = dir.resolve("peer-pytorch.csv");
        Files.writeString(
                csv,
                OLD_HEADER
                        + ",latency_n,latency_ms_min,latency_ms_max,latency_ms_stdev,latency_ms_p95\n"
                        + ",mlp,2,1,1,fp32,sample,1,1200,0.06,0.05,0.055,0.09,0.1,0.001,33333.3,"
                        + "PyTorchPeer.forward,derived,1s,1200 calls in 2s,peer,1200,0.04,0.2,0.01,0.07\n");
        BenchmarkResult r = PeerCsv.read(csv).get(0);
        assertThat(r.primary().samples()).hasValue(new SampleStats(1200, 0.04, 0.2, 0.06, 0.01));
        assertThat(r.primary().percentile(95.0)).isEqualTo(0.07);

        DerivedRow row = deriver().derive(r);
        assertThat(row.number(Column.LATENCY_N)).isEqualTo(1200);
        assertThat(row.number(Column.LATENCY_MS_MIN)).isCloseTo(0.04, within(1e-12));
        assertThat(row.number(Column.LATENCY_MS_MAX)).isCloseTo(0.2, within(1e-12));
        assertThat(row.number(Column.LATENCY_MS_STDEV)).isCloseTo(0.01, within(1e-12));
        assertThat(row.number(Column.LATENCY_MS_P95)).isCloseTo(0.07, within(1e-12));
        // 1,200 x (1 - 0.99) = 12 beyond p99; 1.2 beyond p99.9
        assertThat(row.text(Column.PERCENTILES_VALID)).isEqualTo("p50 p90 p95 p99");
    }

    /** Before latency_n, the script counted its timed calls in iterations ("17 calls in 2s"). */
    @Test
    void anOlderFileCountsItsCallsFromIterations() throws Exception {
        Path csv = dir.resolve("peer-pytorch.csv");
        Files.writeString(
                csv,
                OLD_HEADER
                        + "\n,resnet18,2,1,1,fp32,sample,1,17,119.25,119.72,123.69,124.92,124.92,3.79,"
                        + "16.77,PyTorchPeer.forward,derived,1s,17 calls in 2s,peer\n");
        DerivedRow row = deriver().derive(PeerCsv.read(csv).get(0));
        assertThat(row.number(Column.LATENCY_N)).isEqualTo(17);
        assertThat(row.get(Column.LATENCY_MS_MIN)).isEmpty();
        assertThat(row.get(Column.LATENCY_MS_P95)).isEmpty();
        assertThat(row.number(Column.LATENCY_MS_P99)).isCloseTo(124.92, within(1e-12));
        assertThat(row.text(Column.PERCENTILES_VALID)).isEqualTo("none");
    }

    private static Deriver deriver() {
        return new Deriver(
                "run-1",
                Optional.empty(),
                (m, in, b) -> Optional.empty(),
                Fixtures.ENERGY,
                EnergyTable.horowitz45nm());
    }
}
