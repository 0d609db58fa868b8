package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.effbench.Fixtures;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static final List<DerivedRow> ROWS =
            List.of(
                    VerdictTest.latencyRow("mlp", 1, 1, 3.0, 0.1),
                    VerdictTest.latencyRow("mlp", 1, 2, 2.0, 0.1),
                    VerdictTest.throughputRow("mlp", 8, 2, 4000, 10));

    @Test
    void theVerdictComesBeforeTheTablesAndTheMachineAfterTheResults() throws Exception {
        String html =
                HtmlReport.render(
                        "run-1",
                        ROWS,
                        Verdict.of(ROWS, Optional.of(Fixtures.MACHINE)),
                        Optional.of(Fixtures.MACHINE),
                        Optional.empty(),
                        List.of(),
                        List.of());
        int verdict = html.indexOf("<h2>Verdict</h2>");
        int results = html.indexOf("<h2>Results</h2>");
        int machine = html.indexOf("<h2>Machine</h2>");
        assertThat(verdict).isPositive().isLessThan(html.indexOf("<table"));
        assertThat(results).isGreaterThan(verdict);
        assertThat(machine).isGreaterThan(results);
        assertThat(html.substring(verdict, results))
                .contains("<b>mlp</b>")
                .contains(
                        "<td class=\"t\">latency, batch 1</td><td class=\"t\">"
                                + "batchSize=1 intraOpThreads=2 c1 sample [default]</td>"
                                + "<td class=\"t\"><b>p99 2.00 ms (n unknown)</b></td><td class=\"t\">1.50x"
                                + " lower than the runner-up")
                .contains("beyond the noise")
                .contains("<td class=\"t\">throughput, any batch</td>");
    }

    @Test
    void aRunWithThePeerAnswersHowEffbenchFaresFirst() throws Exception {
        List<DerivedRow> rows =
                List.of(
                        peerPair("InferenceBenchmark.infer", 10.0),
                        peerPair("PyTorchPeer.forward", 11.0));
        String html =
                HtmlReport.render(
                        "run-1",
                        rows,
                        Verdict.of(rows, Optional.empty()),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        List.of());
        int verdict = html.indexOf("<h2>Verdict</h2>");
        String top = html.substring(verdict, html.indexOf("<table", verdict));
        // 11 - 0.4 > 10 + 0.5: effbench faster beyond both errors, said before any table
        assertThat(top).contains("fp32 1 effbench faster").contains("href=\"#peer\"");
        assertThat(html).contains("<h2 id=\"peer\">effbench vs Python PyTorch</h2>");
    }

    private static DerivedRow peerPair(String benchmark, double ms) {
        return new DerivedRow()
                .put(Column.BENCHMARK, benchmark)
                .put(Column.JMH_MODE, "sample")
                .put(Column.MODEL, "resnet50")
                .put(Column.DTYPE, "fp32")
                .put(Column.BATCH_SIZE, 1)
                .put(Column.INTRA_OP_THREADS, 2)
                .put(Column.CALLERS, 1)
                .put(Column.LATENCY_MS_MEAN, ms)
                .put(Column.LATENCY_MS_ERROR, benchmark.startsWith("PyTorch") ? 0.4 : 0.5);
    }

    @Test
    void theResultsTableHasTheColumnsReadMostAndPointsToResultsCsvForTheRest() throws Exception {
        String html =
                HtmlReport.render(
                        "run-1",
                        ROWS,
                        Verdict.of(ROWS, Optional.empty()),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        List.of());
        String table = html.substring(html.indexOf("<h2>Results</h2>"));
        table = table.substring(0, table.indexOf("</tr>"));
        assertThat(table.split("<th>", -1)).hasSize(HtmlReport.TABLE.size() + 1);
        assertThat(table)
                .contains(
                        "<th>model</th><th>batch</th><th>threads</th><th>callers</th><th>launch</th>")
                .contains(
                        "<th>mode</th><th>n</th><th>p50 ms</th><th>p99 ms</th><th>samples/s</th>"
                                + "<th>GFLOP/s</th><th>% of FMA peak</th><th>% of GEMM</th><th>bound</th>")
                .contains("results.csv has every column")
                .doesNotContain("energy_j_per_sample");
    }

    @Test
    void aRunWithLaunchSetsShowsEachAgainstTheBaselineWithoutAnEmptyGoalColumn() throws Exception {
        List<DerivedRow> rows =
                List.of(
                        VerdictTest.latencyRow("mlp", 1, 1, 3.0, 0.1),
                        VerdictTest.latencyRow("mlp", 1, 1, 2.0, 0.1).put(Column.LAUNCH, "jdk25"));
        String html =
                HtmlReport.render(
                        "run-1",
                        rows,
                        Verdict.of(rows, Optional.empty()),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        List.of());
        String launches = html.substring(html.indexOf("launch sets against 'default'"));
        launches = launches.substring(0, launches.indexOf("</table>"));
        assertThat(launches)
                .contains("<tr><th>launch set</th><th>latency</th></tr>")
                .contains(
                        "<td class=\"t\">jdk25</td><td class=\"t\">p99 1.50x, 1 better and 0"
                                + " worse beyond the noise</td>")
                .doesNotContain("throughput");
    }

    /**
     * The forks' own start (run.json's forks), not the runner's environment: LD_PRELOAD is theirs.
     */
    @Test
    void theForksEnvironmentComesFromRunJson() {
        String runJson =
                "{\"forks\": {\"default\": {\"allocator\": \"glibc-tuned\","
                        + " \"env.GLIBC_TUNABLES\": \"glibc.malloc.trim_threshold=1073741824\"},"
                        + " \"tcmalloc\": {\"allocator\": \"tcmalloc\", \"env.LD_PRELOAD\":"
                        + " \"/usr/lib/libtcmalloc_minimal.so.4\"}}}";
        assertThat(HtmlReport.forks(Optional.of(runJson)))
                .containsExactly(
                        Map.entry(
                                "default",
                                "allocator=glibc-tuned,"
                                        + " env.GLIBC_TUNABLES=glibc.malloc.trim_threshold=1073741824"),
                        Map.entry(
                                "tcmalloc",
                                "allocator=tcmalloc, env.LD_PRELOAD=/usr/lib/libtcmalloc_minimal.so.4"));
        assertThat(HtmlReport.forks(Optional.empty())).isEmpty();
    }
}
