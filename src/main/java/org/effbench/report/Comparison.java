package org.effbench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/**
 * Compares two runs' results.csv configuration by configuration: the candidate's latency (or
 * throughput, for Throughput rows) over the base's, with the ratio's uncertainty from both JMH
 * errors. A change counts only when the two confidence intervals do not overlap and it exceeds the
 * threshold; overlapping intervals are noise, not a regression.
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
     * @param key benchmark, model, batch, threads, callers and mode
     * @param metric the compared column
     * @param ratio candidate / base
     * @param ratioError half-width of the ratio's interval (NaN when an error is unknown)
     */
    public record Line(
            String key,
            String metric,
            double base,
            double candidate,
            double ratio,
            double ratioError,
            Verdict verdict) {}

    private Comparison() {}

    /** Compares {@code base} with {@code candidate}; {@code threshold} is a fraction, e.g. 0.05. */
    public static List<Line> compare(Path base, Path candidate, double threshold)
            throws IOException {
        Map<String, CSVRecord> before = read(base);
        Map<String, CSVRecord> after = read(candidate);
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<String, CSVRecord> e : after.entrySet()) {
            CSVRecord b = before.get(e.getKey());
            if (b == null) {
                continue;
            }
            boolean throughput = e.getValue().get("jmh_mode").equals("thrpt");
            String metric = throughput ? "throughput_samples_per_s" : "latency_ms_mean";
            String error = throughput ? "throughput_samples_per_s_error" : "latency_ms_error";
            double vb = number(b, metric);
            double vc = number(e.getValue(), metric);
            if (!(vb > 0) || !(vc > 0)) {
                continue;
            }
            double eb = number(b, error);
            double ec = number(e.getValue(), error);
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
            lines.add(new Line(e.getKey(), metric, vb, vc, ratio, ratioError, verdict));
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(
                    "no configuration is in both " + base + " and " + candidate);
        }
        return lines;
    }

    public static String table(List<Line> lines) {
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
        for (Line l : lines) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-70s %-26s %12.4g %12.4g %8.3f ± %-7s  %s%n",
                            l.key(),
                            l.metric(),
                            l.base(),
                            l.candidate(),
                            l.ratio(),
                            Double.isNaN(l.ratioError())
                                    ? "?"
                                    : String.format(Locale.ROOT, "%.3f", l.ratioError()),
                            l.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        }
        return out.toString();
    }

    private static Map<String, CSVRecord> read(Path path) throws IOException {
        Path csv = Files.isDirectory(path) ? path.resolve(ResultsCsv.FILE) : path;
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException(
                    csv + " does not exist: give a run folder with results.csv, or the file");
        }
        Map<String, CSVRecord> rows = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(csv)) {
            for (CSVRecord r : ResultsCsv.READ.parse(in)) {
                if (!r.isMapped("jmh_mode") || !r.isMapped("benchmark")) {
                    throw new IllegalArgumentException(
                            csv + " is not an effbench results.csv (no jmh_mode/benchmark column)");
                }
                rows.put(
                        String.join(
                                        " ",
                                        r.get("benchmark"),
                                        r.get("model"),
                                        "b" + r.get("batch_size"),
                                        "t" + r.get("intra_op_threads"),
                                        "c" + r.get("callers"),
                                        r.get("jmh_mode"))
                                .replaceAll("\\s+", " "),
                        r);
            }
        }
        return rows;
    }

    private static double number(CSVRecord r, String column) {
        if (!r.isMapped(column) || r.get(column).isBlank()) {
            return Double.NaN;
        }
        return Double.parseDouble(r.get(column));
    }
}
