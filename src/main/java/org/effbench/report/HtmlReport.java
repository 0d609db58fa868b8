package org.effbench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.effbench.machine.Ceiling;
import org.effbench.machine.MachineProfile;

/**
 * One self-contained HTML page per run: machine, settings, results table, warnings and the charts
 * inlined.
 */
public final class HtmlReport {

    public static final String FILE = "report.html";

    private static final List<Column> TABLE =
            List.of(
                    Column.MODEL,
                    Column.BATCH_SIZE,
                    Column.INTRA_OP_THREADS,
                    Column.CALLERS,
                    Column.JMH_MODE,
                    Column.LATENCY_MS_MEAN,
                    Column.LATENCY_MS_P50,
                    Column.LATENCY_MS_P99,
                    Column.LATENCY_MS_P999,
                    Column.LATENCY_MS_ERROR,
                    Column.THROUGHPUT_SAMPLES_PER_S,
                    Column.ACHIEVED_GFLOPS,
                    Column.PCT_OF_PEAK,
                    Column.PCT_OF_GEMM_CEILING,
                    Column.PREDICTED_LATENCY_MS,
                    Column.BOUND,
                    Column.ENERGY_J_PER_SAMPLE,
                    Column.ENERGY_OP_J_PER_SAMPLE);

    private HtmlReport() {}

    public static String render(
            String runId,
            List<DerivedRow> rows,
            Optional<MachineProfile> machine,
            Optional<String> runJson,
            List<Path> charts,
            List<String> warnings)
            throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>effbench ")
                .append(esc(runId))
                .append("</title><style>")
                .append(
                        "body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;font-size:13px}")
                .append(
                        "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#eee}")
                .append(
                        "td.t{text-align:left}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}")
                .append(
                        "img{max-width:100%;border:1px solid #ddd;margin:1em 0}</style></head><body>");
        h.append("<h1>effbench run ").append(esc(runId)).append("</h1>");
        machine.ifPresentOrElse(
                m -> machineSection(h, m),
                () -> h.append("<p>No machine profile in this run.</p>"));
        h.append(
                "<h2>Results</h2><p>One row per JMH result. Latency is per batch and per caller; throughput is "
                        + "samples per second over all callers. Lower latency and higher throughput are different goals: "
                        + "the trade-off chart below shows both for every configuration. Every column is documented in "
                        + "results/SCHEMA.md; results.csv has them all.</p><table><tr>");
        for (Column c : TABLE) {
            h.append("<th>")
                    .append(esc(c.header()))
                    .append(c.unit().isEmpty() ? "" : " (" + esc(c.unit()) + ")")
                    .append("</th>");
        }
        h.append("</tr>");
        for (DerivedRow r : rows) {
            if (r.text(Column.MODEL).isEmpty()) {
                continue;
            }
            h.append("<tr>");
            for (Column c : TABLE) {
                String v = r.get(c).map(ResultsCsv::format).orElse("");
                h.append(
                                c == Column.MODEL || c == Column.JMH_MODE || c == Column.BOUND
                                        ? "<td class=\"t\">"
                                        : "<td>")
                        .append(esc(v))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
        rows.stream()
                .filter(r -> !r.text(Column.MODEL).isEmpty())
                .findFirst()
                .ifPresent(
                        r ->
                                h.append("<p>Energy: ")
                                        .append(esc(r.text(Column.ENERGY_SOURCE)))
                                        .append(". Op-level: ")
                                        .append(esc(r.text(Column.ENERGY_OP_SOURCE)))
                                        .append(".</p>"));
        List<PeerComparison.Line> peers = PeerComparison.lines(rows);
        if (!peers.isEmpty()) {
            h.append(
                    "<h2>effbench vs Python PyTorch</h2><p>Same configuration, same run folder, mean latency per "
                            + "batch; the ratio is PyTorch's latency over effbench's (above 1: effbench is faster).</p><table><tr>"
                            + "<th>model</th><th>batch</th><th>threads</th><th>effbench ms</th><th>PyTorch ms</th>"
                            + "<th>PyTorch / effbench</th><th>effbench GFLOP/s</th><th>% of GEMM peak</th></tr>");
            for (PeerComparison.Line l : peers) {
                h.append(
                        String.format(
                                Locale.ROOT,
                                "<tr><td class=\"t\">%s</td><td>%s</td><td>%s</td><td>%.2f ± %.2f</td>"
                                        + "<td>%.2f ± %.2f</td><td>%.2f</td><td>%.1f</td><td>%.1f</td></tr>",
                                esc(l.model()),
                                l.batch(),
                                l.threads(),
                                l.effbenchMs(),
                                l.effbenchError(),
                                l.peerMs(),
                                l.peerError(),
                                l.ratio(),
                                l.achievedGflops(),
                                l.pctOfPeak()));
            }
            h.append("</table>");
        }
        h.append("<h2>Charts</h2>");
        for (Path chart : charts) {
            h.append("<h3>")
                    .append(esc(chart.getFileName().toString()))
                    .append("</h3><img alt=\"")
                    .append(esc(chart.getFileName().toString()))
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(Files.readAllBytes(chart)))
                    .append("\">");
        }
        if (!warnings.isEmpty()) {
            h.append("<h2>Warnings</h2><ul>");
            warnings.stream()
                    .distinct()
                    .forEach(w -> h.append("<li>").append(esc(w)).append("</li>"));
            h.append("</ul>");
        }
        runJson.ifPresent(
                json ->
                        h.append("<h2>Settings (run.json)</h2><pre>")
                                .append(esc(json))
                                .append("</pre>"));
        return h.append("</body></html>\n").toString();
    }

    private static void machineSection(StringBuilder h, MachineProfile m) {
        h.append("<h2>Machine</h2><table>");
        row(
                h,
                "CPU",
                m.cpu().model()
                        + ", "
                        + m.cores()
                        + " cores, "
                        + String.join(" ", m.cpu().vectorExtensions()));
        row(
                h,
                "Memory",
                String.format(Locale.ROOT, "%.1f GiB", m.memoryBytes() / (1024.0 * 1024 * 1024)));
        row(h, "OS", m.os() + " " + m.kernel());
        row(
                h,
                "JVM",
                m.jvm().vendor()
                        + " "
                        + m.jvm().version()
                        + ", GC "
                        + String.join(", ", m.garbageCollectors())
                        + ", arguments "
                        + String.join(" ", m.jvm().inputArguments()));
        row(
                h,
                "Engine",
                "DJL "
                        + m.engine().djl()
                        + ", libtorch "
                        + m.engine().libtorch()
                        + ", JMH "
                        + m.engine().jmh());
        row(
                h,
                "Environment",
                m.environment().isEmpty()
                        ? "(no OMP_/MKL_/malloc/LD_PRELOAD variables set)"
                        : m.environment().toString());
        row(h, "Commit", m.gitCommit());
        row(
                h,
                "Theoretical peak (a guess: the measured FMA peak is the reference)",
                String.format(
                        Locale.ROOT,
                        "%.1f GFLOP/s (%s)",
                        m.theoreticalPeak().gflops(),
                        m.theoreticalPeak().basis()));
        h.append(
                "</table><h3>Measured ceilings</h3><table><tr><th>threads</th><th>fp32 GEMM GFLOP/s</th>"
                        + "<th>error</th><th>n</th><th>memory GB/s</th><th>error</th>"
                        + "<th>fp32 FMA peak GFLOP/s</th><th>error</th><th>lanes</th></tr>");
        for (Ceiling c : m.ceilings()) {
            h.append(
                    String.format(
                            Locale.ROOT,
                            "<tr><td>%d</td><td>%.1f</td><td>%.1f</td><td>%d</td><td>%.1f</td><td>%.1f</td>"
                                    + "<td>%.1f</td><td>%.1f</td><td>%d</td></tr>",
                            c.threads(),
                            c.gemmGflops(),
                            c.gemmGflopsError(),
                            c.gemmMatrixSize(),
                            c.memoryGBps(),
                            c.memoryGBpsError(),
                            c.fmaGflops(),
                            c.fmaGflopsError(),
                            c.fmaLanes()));
        }
        h.append("</table>");
        m.ceilings().stream()
                .map(Ceiling::fmaMethod)
                .filter(s -> !s.isEmpty())
                .findFirst()
                .ifPresent(
                        s ->
                                h.append("<p>FMA peak: ")
                                        .append(esc(s.replaceAll(", \\d+ threads?", "")))
                                        .append(", at each thread count.</p>"));
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>")
                .append(esc(key))
                .append("</th><td class=\"t\">")
                .append(esc(value))
                .append("</td></tr>");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
