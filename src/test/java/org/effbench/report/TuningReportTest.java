package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuningReportTest {

    @TempDir Path dir;

    private static DerivedRow row(
            String launch, int batch, int threads, double p99, double samplesPerS) {
        return new DerivedRow()
                .put(Column.MODEL, "resnet50")
                .put(Column.LAUNCH, launch)
                .put(Column.BATCH_SIZE, batch)
                .put(Column.INTRA_OP_THREADS, threads)
                .put(Column.CALLERS, 1)
                .put(Column.JMH_MODE, "sample")
                .put(Column.LATENCY_MS_P99, p99)
                .put(Column.THROUGHPUT_SAMPLES_PER_S, samplesPerS);
    }

    @Test
    void latencyAndThroughputWinnersAreNamedWithRatiosAgainstTheBaseline() throws Exception {
        List<DerivedRow> rows = new ArrayList<>();
        rows.add(row("default", 1, 2, 60.0, 18.0));
        rows.add(row("default", 8, 2, 400.0, 21.0));
        rows.add(row("glibc", 1, 2, 48.0, 20.0)); // best p99 at batch 1: 60 / 48 = 1.25x
        rows.add(row("glibc", 8, 2, 700.0, 12.0));
        rows.add(row("jemalloc", 8, 2, 380.0, 25.2)); // best throughput: 25.2 / 21 = 1.2x
        Path csv = Files.writeString(dir.resolve("results.csv"), ResultsCsv.write(rows));

        List<TuningReport.Point> points = TuningReport.read(csv, "resnet50");
        TuningReport.Verdict latency = TuningReport.latency(points, "default").orElseThrow();
        TuningReport.Verdict throughput = TuningReport.throughput(points, "default").orElseThrow();

        assertThat(latency.best().launch()).isEqualTo("glibc");
        assertThat(latency.ratio()).isEqualTo(1.25);
        assertThat(throughput.best().launch()).isEqualTo("jemalloc");
        assertThat(throughput.ratio()).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-12));
        String text = TuningReport.text("resnet50", points, "default");
        assertThat(text)
                .contains(
                        "Best for latency (p99 of one request, batch 1): glibc at batch 1, 2 thread(s), 1 caller(s): "
                                + "p99 48.00 ms; 1.25x the baseline (60.00 ms) in the same run")
                .contains(
                        "Best for throughput (samples/s, any batch): jemalloc at batch 8, 2 thread(s), 1 caller(s): 25.2 samples/s; "
                                + "1.20x the baseline (21.0 samples/s) in the same run")
                .contains("The two can differ");
    }

    @Test
    void aWinnerWithoutABaselineAtItsConfigurationSaysSo() throws Exception {
        Path csv =
                Files.writeString(
                        dir.resolve("results.csv"),
                        ResultsCsv.write(List.of(row("other", 1, 1, 10.0, 100.0))));
        String text = TuningReport.text("resnet50", TuningReport.read(csv, "resnet50"), "default");
        assertThat(text).contains("the baseline was not measured at this configuration");
    }
}
