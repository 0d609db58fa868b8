package org.effbench.report;

import static org.effbench.base.Figures.threeDigits;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.effbench.machine.Ceiling;
import org.effbench.machine.MachineProfile;
import org.effbench.serve.CapacitySearch;

/**
 * One self-contained HTML page per run: the {@link Verdict} first (the first screen shows it), then
 * the results table with the columns read most (results.csv has them all), the machine, the charts
 * inlined, warnings and settings.
 */
public final class HtmlReport {

    public static final String FILE = "report.html";

    /**
     * The columns read most, in the order they are read; they fit a 1400 px window. results.csv has
     * every column.
     */
    static final List<Column> TABLE =
            List.of(
                    Column.MODEL,
                    Column.BATCH_SIZE,
                    Column.INTRA_OP_THREADS,
                    Column.CALLERS,
                    Column.LAUNCH,
                    Column.JMH_MODE,
                    Column.LATENCY_N,
                    Column.LATENCY_MS_P50,
                    Column.LATENCY_MS_P99,
                    Column.THROUGHPUT_SAMPLES_PER_S,
                    Column.ACHIEVED_GFLOPS,
                    Column.PCT_OF_PEAK,
                    Column.PCT_OF_GEMM_CEILING,
                    Column.BOUND);

    /** Short headings for the table's columns, with their unit. */
    private static final Map<Column, String> HEADING =
            Map.ofEntries(
                    Map.entry(Column.MODEL, "model"),
                    Map.entry(Column.BATCH_SIZE, "batch"),
                    Map.entry(Column.INTRA_OP_THREADS, "threads"),
                    Map.entry(Column.CALLERS, "callers"),
                    Map.entry(Column.LAUNCH, "launch"),
                    Map.entry(Column.JMH_MODE, "mode"),
                    Map.entry(Column.LATENCY_N, "n"),
                    Map.entry(Column.LATENCY_MS_P50, "p50 ms"),
                    Map.entry(Column.LATENCY_MS_P99, "p99 ms"),
                    Map.entry(Column.THROUGHPUT_SAMPLES_PER_S, "samples/s"),
                    Map.entry(Column.ACHIEVED_GFLOPS, "GFLOP/s"),
                    Map.entry(Column.PCT_OF_PEAK, "% of FMA peak"),
                    Map.entry(Column.PCT_OF_GEMM_CEILING, "% of GEMM"),
                    Map.entry(Column.BOUND, "bound"));

    /** Left-aligned (text) columns. */
    private static final Set<Column> TEXT =
            Set.of(Column.MODEL, Column.LAUNCH, Column.JMH_MODE, Column.BOUND);

    private HtmlReport() {}

    public static String render(
            String runId,
            List<DerivedRow> rows,
            Verdict.Result verdict,
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
                        "body{font-family:sans-serif;margin:1.5em;max-width:1340px}table{border-collapse:collapse;font-size:13px}"
                                + "ul.v{font-size:14px;margin:.3em 0;padding-left:1.2em}ul.v li{margin:.2em 0}"
                                + "h3{margin:.6em 0 .2em}p.n{font-size:13px;color:#444}table.v td{vertical-align:top}table.v th{text-align:left}")
                .append(
                        "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#eee}")
                .append(
                        "td.t{text-align:left}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}")
                .append(
                        "img{max-width:100%;border:1px solid #ddd;margin:1em 0}</style></head><body>");
        h.append("<h1>effbench run ").append(esc(runId)).append("</h1>");
        List<PeerComparison.Line> peers = PeerComparison.lines(rows);
        verdictSection(h, verdict, PeerComparison.summary(peers));
        List<DerivedRow> jmh =
                rows.stream()
                        .filter(r -> !r.text(Column.MODEL).isEmpty() && !ServeRows.is(r))
                        .toList();
        if (!jmh.isEmpty() || rows.stream().noneMatch(ServeRows::is)) {
            resultsTable(h, jmh);
        }
        h.append(
                "<p class=\"n\">Energy per sample (in the verdict and results.csv's energy_j_per_sample)"
                        + " is measured where the machine exposes powercap counters, else estimated from"
                        + " power x time, energy_source saying from what; energy_op_j_per_sample is a lower"
                        + " bound from arithmetic and DRAM traffic at 45 nm per-operation energies (no static"
                        + " power, caches or control), not a second estimate.</p>");

        if (!peers.isEmpty()) {
            h.append(
                    "<h2 id=\"peer\">effbench vs Python PyTorch</h2><p>Same configuration, same run folder, mean latency per "
                            + "batch, by precision (the dtype counted for effbench's row: the zoo in fp32, a variant "
                            + "file as it computes, run by both sides); the ratio is PyTorch's latency over "
                            + "effbench's (above 1: effbench is faster), its interval the lowest to the highest "
                            + "ratio both sides' 99.9% errors allow. "
                            + esc(PeerComparison.summary(peers).orElse(""))
                            + "</p><table><tr>");
            PeerComparison.HEADINGS.forEach(t -> h.append("<th>").append(esc(t)).append("</th>"));
            h.append("</tr>");
            for (PeerComparison.Line l : peers) {
                List<String> cells = PeerComparison.cells(l);
                h.append("<tr>");
                for (int i = 0; i < cells.size(); i++) {
                    h.append(i < 2 ? "<td class=\"t\">" : "<td>")
                            .append(esc(cells.get(i)))
                            .append("</td>");
                }
                h.append("</tr>");
            }
            h.append("</table>");
        }
        machine.ifPresentOrElse(
                m -> machineSection(h, m, runJson),
                () -> h.append("<p>No machine profile in this run.</p>"));
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

    /** The JMH rows with the columns read most. */
    private static void resultsTable(StringBuilder h, List<DerivedRow> rows) {
        h.append(
                "<h2>Results</h2><p>One row per JMH result: the columns read most; results.csv has"
                        + " every column (mean, p90, p99.9, errors, roofline prediction, energy ...),"
                        + " each documented in results/SCHEMA.md. Latency is per batch and per caller;"
                        + " throughput is samples per second over all callers.</p><table><tr>");
        for (Column c : TABLE) {
            h.append("<th>").append(esc(heading(c))).append("</th>");
        }
        h.append("</tr>");
        for (DerivedRow r : rows) {
            h.append("<tr>");
            for (Column c : TABLE) {
                String v = r.get(c).map(HtmlReport::cell).orElse("");
                h.append(TEXT.contains(c) ? "<td class=\"t\">" : "<td>")
                        .append(esc(v))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    /** The serving table's headings. */
    static final List<String> SERVING_TABLE =
            List.of(
                    "layout",
                    "capacity /s",
                    "valid",
                    "Offline /s",
                    "capacity / Offline",
                    "p99 at capacity ms (n)",
                    "mean batch",
                    "batching at capacity: busy time per sample",
                    "energy mJ/request");

    /**
     * Per model and bound, the serving line and every layout: capacity, validity, Offline
     * throughput, p99 and mean batch at the capacity, what batching saved there, energy.
     */
    private static void servingSection(StringBuilder h, Verdict.Result verdict) {
        boolean any = verdict.models().stream().anyMatch(m -> !m.serving().isEmpty());
        if (!any) {
            return;
        }
        h.append("<h3>Serving capacity (open loop)</h3>")
                .append(
                        "<p class=\"n\">Capacity: the highest offered rate whose p99 latency, from each"
                                + " request's scheduled arrival to its completion, stays within the bound"
                                + " (bisection from the Offline throughput to "
                                + Math.round(100 * CapacitySearch.RESOLUTION)
                                + "%: capacities closer than that cannot be told apart); valid: with the"
                                + " minimum queries over the minimum duration and a p99 its count supports."
                                + " Batching: the workers' busy time per request at the capacity against the"
                                + " same workers and threads at batch 1.</p>");
        for (Verdict.ModelVerdict m : verdict.models()) {
            for (ServeVerdict.Serving s : m.serving()) {
                h.append("<ul class=\"v\">");
                item(h, m.model() + ", " + Verdict.SERVING, s.line());
                h.append("</ul><table class=\"v\"><tr>");
                SERVING_TABLE.forEach(t -> h.append("<th>").append(esc(t)).append("</th>"));
                h.append("</tr>");
                for (ServeVerdict.Layout l : s.layouts()) {
                    String p99 =
                            l.point()
                                    .map(
                                            r ->
                                                    cell(r.number(Column.LATENCY_MS_P99))
                                                            + " ("
                                                            + r.text(Column.LATENCY_N)
                                                            + ")")
                                    .orElse("");
                    h.append("<tr><td class=\"t\">")
                            .append(esc(l.label()))
                            .append("</td><td>")
                            .append(l.hasCapacity() ? cell(l.capacity()) : "none")
                            .append("</td><td class=\"t\">")
                            .append(esc(l.valid() ? "valid" : l.why()))
                            .append("</td><td>")
                            .append(l.offline() > 0 ? cell(l.offline()) : "")
                            .append("</td><td>")
                            .append(
                                    l.hasCapacity() && l.offline() > 0
                                            ? String.format(
                                                    Locale.ROOT,
                                                    "%.0f%%",
                                                    100 * l.capacity() / l.offline())
                                            : "")
                            .append("</td><td>")
                            .append(esc(p99))
                            .append("</td><td>")
                            .append(l.meanBatch() > 0 ? cell(l.meanBatch()) : "")
                            .append("</td><td class=\"t\">")
                            .append(esc(l.batchEfficiency()))
                            .append("</td><td>")
                            .append(
                                    l.point()
                                            .map(r -> r.number(Column.ENERGY_J_PER_SAMPLE))
                                            .filter(j -> j > 0)
                                            .map(j -> cell(j * 1e3))
                                            .orElse(""))
                            .append("</td></tr>");
                }
                h.append("</table>");
            }
        }
    }

    /** The verdict, first on the page: per model, the best for latency and for throughput. */
    private static void verdictSection(
            StringBuilder h, Verdict.Result verdict, Optional<String> peerSummary) {
        h.append("<h2>Verdict</h2>");
        // a comparison run's question is how effbench fares against the peer: answered first
        peerSummary.ifPresent(
                p ->
                        h.append("<p><b>")
                                .append(esc(p))
                                .append("</b> (<a href=\"#peer\">table</a>)</p>"));
        if (verdict.isEmpty()) {
            h.append("<p>No model configuration measured.</p>");
            return;
        }
        // A tune run with variants asks which option wins: its answer comes first, the per-file
        // tables after it.
        verdict.variants().ifPresent(v -> variantSection(h, v));
        boolean jmh = verdict.models().stream().anyMatch(Verdict.ModelVerdict::measuredByJmh);
        if (jmh) {
            jmhVerdict(h, verdict);
        }
        servingSection(h, verdict);
        launchSection(h, verdict);
        for (Verdict.ModelVerdict m : verdict.models()) {
            if (m.measuredByJmh() && (m.latency().isEmpty() || m.throughput().isEmpty())) {
                h.append("<ul class=\"v\">");
                if (m.latency().isEmpty()) {
                    item(h, m.model(), "no latency distribution measured (mode sample)");
                }
                if (m.throughput().isEmpty()) {
                    item(h, m.model(), "no throughput measured");
                }
                h.append("</ul>");
            }
            if (m.energy().isPresent() || !m.notes().isEmpty() || !m.warnings().isEmpty()) {
                h.append("<ul class=\"v\">");
                m.energy().ifPresent(e -> item(h, m.model() + ", " + Verdict.ENERGY, e));
                m.notes().forEach(n -> item(h, m.model() + ", note", n));
                m.warnings().forEach(w -> item(h, m.model() + ", warning", w));
                h.append("</ul>");
            }
        }
        if (!verdict.notes().isEmpty() || !verdict.warnings().isEmpty()) {
            h.append("<ul class=\"v\">");
            verdict.notes().forEach(n -> item(h, "Note", n));
            verdict.warnings().forEach(w -> item(h, "Warning", w));
            h.append("</ul>");
        }
    }

    /** The JMH verdict's table: per model, the best for latency and throughput. */
    private static void jmhVerdict(StringBuilder h, Verdict.Result verdict) {
        h.append(
                "<p class=\"n\">Latency: lowest p99 of one forward pass; throughput: most samples/s;"
                        + " beyond the noise: the 99.9% intervals of the two figures do not overlap.</p>");
        h.append(
                "<table class=\"v\"><tr><th>model</th><th>best for</th><th>configuration</th>"
                        + "<th>figure</th><th>against the runner-up</th><th>noise</th>"
                        + "<th>GFLOP/s, % of FMA peak and GEMM ceiling, bound</th></tr>");
        for (Verdict.ModelVerdict m : verdict.models()) {
            List<Verdict.Choice> choices = new ArrayList<>(m.latency());
            m.throughput().ifPresent(choices::add);
            boolean first = true;
            for (Verdict.Choice c : choices) {
                h.append("<tr>");
                if (first) {
                    h.append("<td class=\"t\" rowspan=\"")
                            .append(choices.size())
                            .append("\"><b>")
                            .append(esc(m.model()))
                            .append("</b></td>");
                    first = false;
                }
                h.append("<td class=\"t\">")
                        .append(esc(c.goal().label()))
                        .append(", ")
                        .append(esc(c.scope()))
                        .append("</td><td class=\"t\">")
                        .append(esc(c.best().id().shortText()))
                        .append("</td><td class=\"t\"><b>")
                        .append(esc(c.best().figure().text()))
                        .append("</b></td><td class=\"t\">")
                        .append(esc(c.versus()))
                        .append("</td><td class=\"t\">")
                        .append(esc(c.noise()))
                        .append("</td><td class=\"t\">")
                        .append(esc(Verdict.peak(c.best().row()).orElse("")))
                        .append("</td></tr>");
            }
        }
        h.append("</table>");
    }

    /**
     * Each launch set against the baseline, for runs that compare launch sets (tune); a goal no
     * launch set has a ratio for gets no column.
     */
    private static void launchSection(StringBuilder h, Verdict.Result verdict) {
        for (Verdict.ModelVerdict m : verdict.models()) {
            if (m.launches().isEmpty()) {
                continue;
            }
            List<String> heads = new ArrayList<>();
            List<Function<Verdict.LaunchRatio, Optional<Verdict.Ratios>>> goals = new ArrayList<>();
            if (m.launches().stream().anyMatch(l -> l.latency().isPresent())) {
                heads.add("latency");
                goals.add(Verdict.LaunchRatio::latency);
            }
            if (m.launches().stream().anyMatch(l -> l.throughput().isPresent())) {
                heads.add("throughput");
                goals.add(Verdict.LaunchRatio::throughput);
            }
            h.append("<p class=\"n\"><b>")
                    .append(esc(m.model()))
                    .append("</b>, ")
                    .append(esc(Verdict.launchHeading(m.baseline())))
                    .append("</p><table class=\"v\"><tr><th>launch set</th>");
            heads.forEach(t -> h.append("<th>").append(t).append("</th>"));
            h.append("</tr>");
            for (Verdict.LaunchRatio l : m.launches()) {
                h.append("<tr><td class=\"t\">").append(esc(l.launch())).append("</td>");
                for (Function<Verdict.LaunchRatio, Optional<Verdict.Ratios>> g : goals) {
                    h.append("<td class=\"t\">")
                            .append(esc(g.apply(l).map(Verdict.Ratios::text).orElse("")))
                            .append("</td>");
                }
                h.append("</tr>");
            }
            h.append("</table>");
        }
    }

    /**
     * A tune run's variants against the fp32 file: the fastest per goal, every option's ratios and
     * deviation, the best per category.
     */
    private static void variantSection(StringBuilder h, VariantTuning v) {
        h.append("<h3>Variants</h3><p class=\"n\">").append(esc(v.heading())).append("</p>");
        h.append("<ul class=\"v\">");
        v.fastest().forEach(l -> h.append("<li>").append(esc(l)).append("</li>"));
        h.append("</ul><table class=\"v\"><tr><th>option</th><th>changes</th><th>dtype</th>");
        v.scopes().forEach(s -> h.append("<th>").append(esc(s.text())).append("</th>"));
        h.append("<th>output deviation from fp32</th><th>flag</th></tr>");
        for (VariantTuning.Option o : v.options()) {
            h.append("<tr><td class=\"t\">")
                    .append(esc(o.name()))
                    .append("</td><td class=\"t\">")
                    .append(esc(o.category().label()))
                    .append("</td><td class=\"t\">")
                    .append(esc(o.dtype()))
                    .append("</td>");
            for (int g = 0; g < v.scopes().size(); g++) {
                h.append("<td class=\"t\">").append(esc(o.speedupText(g))).append("</td>");
            }
            h.append("<td class=\"t\">")
                    .append(esc(o.deviationText()))
                    .append("</td><td class=\"t\">")
                    .append(esc(o.flag()))
                    .append("</td></tr>");
        }
        h.append("</table><ul class=\"v\">");
        v.winners().forEach(l -> h.append("<li>").append(esc(l)).append("</li>"));
        v.notes().forEach(n -> item(h, "Note", n));
        VariantTuning.caveats().forEach(n -> item(h, "Note", n));
        h.append("</ul>");
    }

    /** The results table's heading of a column. */
    static String heading(Column c) {
        return HEADING.get(c);
    }

    private static void item(StringBuilder h, String label, String text) {
        h.append("<li><b>").append(esc(label)).append(":</b> ").append(esc(text)).append("</li>");
    }

    /** A table cell: numbers to 4 significant digits. */
    private static String cell(Object value) {
        if (value instanceof Double d) {
            return threeDigits(d);
        }
        return value.toString();
    }

    /**
     * How the forks really started, per launch set, from run.json's {@code forks} (the runner's own
     * environment is not theirs: their launcher sets the allocator's preload and tunables).
     */
    static Map<String, String> forks(Optional<String> runJson) {
        Map<String, String> out = new LinkedHashMap<>();
        if (runJson.isEmpty()) {
            return out;
        }
        try {
            new ObjectMapper()
                    .readTree(runJson.get())
                    .path("forks")
                    .fields()
                    .forEachRemaining(
                            set -> {
                                List<String> parts = new ArrayList<>();
                                set.getValue()
                                        .fields()
                                        .forEachRemaining(
                                                e ->
                                                        parts.add(
                                                                e.getKey()
                                                                        + "="
                                                                        + e.getValue().asText()));
                                out.put(set.getKey(), String.join(", ", parts));
                            });
        } catch (IOException e) {
            out.put("?", "run.json unreadable: " + e.getMessage());
        }
        return out;
    }

    private static void machineSection(
            StringBuilder h, MachineProfile m, Optional<String> runJson) {
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
                "Environment of the runner",
                m.environment().isEmpty()
                        ? "(no OMP_/MKL_/malloc/LD_PRELOAD/GLIBC_ variables set)"
                        : m.environment().toString());
        forks(runJson).forEach((set, settings) -> row(h, "Forks, launch set " + set, settings));
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
