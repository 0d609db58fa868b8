package org.effbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.Csv;

/**
 * Compares two runs' results.csv configuration by configuration ({@link ConfigId}): the candidate's
 * latency (or throughput, for Throughput rows) over the base's, with the ratio's uncertainty from
 * both JMH errors. A change counts only when the two confidence intervals do not overlap and it
 * exceeds the threshold; overlapping intervals are noise, not a regression. Configurations on one
 * side only are listed, and runs measured on another machine, with other launch settings or against
 * another peak are refused unless the caller accepts the difference. Serve rows compare a layout's
 * capacity and its Offline throughput (higher is better, no error known); the probes of a capacity
 * search are left out, their rates being the search's path, not configurations.
 */
public final class Comparison {

    /** What one configuration did between the runs. */
    public enum Verdict {
        REGRESSION,
        IMPROVEMENT,
        WITHIN_NOISE,
        BELOW_THRESHOLD
    }

    /**
     * @param key the configuration
     * @param metric the compared column
     * @param ratio candidate / base
     * @param ratioError half-width of the ratio's interval (NaN when an error is unknown)
     * @param differences how the two rows' contexts differ (accepted by the caller); empty if alike
     */
    public record Line(
            String key,
            String metric,
            double base,
            double candidate,
            double ratio,
            double ratioError,
            Verdict verdict,
            List<String> differences) {}

    /**
     * @param onlyInBase configurations the candidate lacks
     * @param onlyInCandidate configurations new in the candidate
     * @param differences every way the runs' contexts differ, once each
     */
    public record Outcome(
            List<Line> lines,
            List<String> onlyInBase,
            List<String> onlyInCandidate,
            List<String> differences) {

        public long regressions() {
            return lines.stream().filter(l -> l.verdict() == Verdict.REGRESSION).count();
        }
    }

    /** A results.csv row with what it is. */
    private record Row(ConfigId id, CSVRecord record) {}

    private Comparison() {}

    /**
     * Compares {@code base} with {@code candidate}; {@code threshold} is a fraction, e.g. 0.05.
     *
     * @param allowDifferentContext compare runs from different machines, launch settings or peak
     *     GEMM sizes, flagging each line, instead of refusing
     * @throws IllegalArgumentException when a side is not a results.csv, holds a configuration
     *     twice, the runs were not measured alike (and that is not allowed), or nothing is common
     */
    public static Outcome compare(
            Path base, Path candidate, double threshold, boolean allowDifferentContext)
            throws IOException {
        Map<ConfigId, Row> before = read(base);
        Map<ConfigId, Row> after = read(candidate);
        List<Line> lines = new ArrayList<>();
        Set<String> differences = new LinkedHashSet<>();
        for (Map.Entry<ConfigId, Row> e : after.entrySet()) {
            Row b = before.get(e.getKey());
            if (b == null) {
                continue;
            }
            CSVRecord c = e.getValue().record();
            List<String> differ =
                    b.id().context().differences(e.getValue().id().context(), e.getKey().launch());
            differences.addAll(differ);
            boolean serve = cell(c, Column.BENCHMARK).equals(ServeRows.BENCHMARK);
            boolean throughput = serve || c.get(Column.JMH_MODE.header()).equals("thrpt");
            Column metric =
                    serve
                            ? serveMetric(c)
                            : throughput ? Column.THROUGHPUT_SAMPLES_PER_S : Column.LATENCY_MS_MEAN;
            // a serve row has no error column filled: its intervals are unknown
            Column error =
                    throughput ? Column.THROUGHPUT_SAMPLES_PER_S_ERROR : Column.LATENCY_MS_ERROR;
            double vb = number(b.record(), metric);
            double vc = number(c, metric);
            if (!(vb > 0) || !(vc > 0)) {
                continue;
            }
            double eb = number(b.record(), error);
            double ec = number(c, error);
            double ratio = vc / vb;
            double ratioError = ratio * Math.hypot(ec / vc, eb / vb);
            boolean overlap =
                    !Double.isNaN(eb) && !Double.isNaN(ec) && Math.abs(vc - vb) <= eb + ec;
            double worse = throughput ? 1 / ratio - 1 : ratio - 1; // > 0 is worse
            Verdict verdict =
                    overlap
                            ? Verdict.WITHIN_NOISE
                            : Math.abs(worse) <= threshold
                                    ? Verdict.BELOW_THRESHOLD
                                    : worse > 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
            lines.add(
                    new Line(
                            e.getKey().text(),
                            metric.header(),
                            vb,
                            vc,
                            ratio,
                            ratioError,
                            verdict,
                            differ));
        }
        if (!differences.isEmpty() && !allowDifferentContext) {
            throw new IllegalArgumentException(
                    base
                            + " and "
                            + candidate
                            + " were not measured alike ("
                            + String.join("; ", differences)
                            + "); add --allow-different-machines to compare them anyway");
        }
        List<String> onlyInBase = missing(before, after);
        List<String> onlyInCandidate = missing(after, before);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(
                    "no configuration is in both " + base + " and " + candidate);
        }
        return new Outcome(lines, onlyInBase, onlyInCandidate, List.copyOf(differences));
    }

    public static String table(Outcome outcome) {
        StringBuilder out =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%-70s %-26s %12s %12s %18s  %s%n",
                                "configuration",
                                "metric",
                                "base",
                                "candidate",
                                "ratio",
                                "verdict"));
        for (Line l : outcome.lines()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-70s %-26s %12.4g %12.4g %8.3f ± %-7s  %s%s%n",
                            l.key(),
                            l.metric(),
                            l.base(),
                            l.candidate(),
                            l.ratio(),
                            Double.isNaN(l.ratioError())
                                    ? "?"
                                    : String.format(Locale.ROOT, "%.3f", l.ratioError()),
                            l.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                            l.differences().isEmpty()
                                    ? ""
                                    : " (not alike: " + String.join("; ", l.differences()) + ")"));
        }
        list(out, "only in the base (missing from the candidate)", outcome.onlyInBase());
        list(out, "only in the candidate", outcome.onlyInCandidate());
        return out.toString();
    }

    private static void list(StringBuilder out, String what, List<String> keys) {
        if (!keys.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%d configuration(s) %s:%n", keys.size(), what));
            keys.forEach(k -> out.append("  ").append(k).append('\n'));
        }
    }

    private static List<String> missing(Map<ConfigId, Row> from, Map<ConfigId, Row> in) {
        return from.keySet().stream().filter(k -> !in.containsKey(k)).map(ConfigId::text).toList();
    }

    /** The rows by configuration (without context); a configuration twice is refused. */
    private static Map<ConfigId, Row> read(Path path) throws IOException {
        Path csv = Files.isDirectory(path) ? path.resolve(ResultsCsv.FILE) : path;
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException(
                    csv + " does not exist: give a run folder with results.csv, or the file");
        }
        Function<String, String> launchSettings = launchSettings(csv.toAbsolutePath().getParent());
        Map<ConfigId, Row> rows = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(csv)) {
            var parser = Csv.READ.parse(in);
            List<String> header = parser.getHeaderNames();
            for (Column c : List.of(Column.BENCHMARK, Column.JMH_MODE, Column.CALLERS)) {
                if (!header.contains(c.header())) {
                    throw new IllegalArgumentException(
                            csv + " is not an effbench results.csv (no " + c.header() + " column)");
                }
            }
            for (CSVRecord r : parser) {
                if (probe(r)) {
                    continue;
                }
                ConfigId id = ConfigId.of(r, launchSettings);
                Row old = rows.put(id.withoutContext(), new Row(id, r));
                if (old != null) {
                    throw new IllegalArgumentException(
                            csv
                                    + " holds "
                                    + id.text()
                                    + " twice (rows "
                                    + old.record().getRecordNumber()
                                    + " and "
                                    + r.getRecordNumber()
                                    + "); compare one run of each configuration");
                }
            }
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new IllegalArgumentException(
                    csv + " is not an effbench results.csv: " + e.getMessage(), e);
        }
        return rows;
    }

    /**
     * A run folder's launch sets as its run.json recorded them ({@code launch.NAME} in the
     * request), for results.csv files written before the launch_settings column.
     */
    private static Function<String, String> launchSettings(Path folder) {
        Path runJson = folder == null ? null : folder.resolve("run.json");
        if (runJson == null || !Files.isRegularFile(runJson)) {
            return launch -> "";
        }
        try {
            JsonNode request = new ObjectMapper().readTree(runJson.toFile()).path("request");
            return launch -> request.path("launch." + launch).asText("");
        } catch (IOException e) {
            return launch -> "";
        }
    }

    /**
     * What a serve row is compared by: a layout's capacity on its capacity row, the Offline
     * throughput on its offline row (higher is better for both; no error is known).
     */
    private static Column serveMetric(CSVRecord r) {
        return cell(r, Column.SERVE_POINT).equals(ServeRows.CAPACITY)
                ? Column.CAPACITY_PER_S
                : Column.THROUGHPUT_SAMPLES_PER_S;
    }

    /**
     * A serve probe is a step of the capacity search, at a rate another run's search rarely
     * repeats: the layout's capacity and offline rows carry the comparison.
     */
    private static boolean probe(CSVRecord r) {
        return cell(r, Column.BENCHMARK).equals(ServeRows.BENCHMARK)
                && cell(r, Column.SERVE_POINT).equals(ServeRows.PROBE);
    }

    private static String cell(CSVRecord r, Column c) {
        return r.isMapped(c.header()) && r.isSet(c.header()) ? r.get(c.header()) : "";
    }

    private static double number(CSVRecord r, Column column) {
        String c = column.header();
        if (!r.isMapped(c) || !r.isSet(c) || r.get(c).isBlank()) {
            return Double.NaN;
        }
        return Double.parseDouble(r.get(c));
    }
}
