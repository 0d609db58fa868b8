package org.effbench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.Csv;

/**
 * Reads a tuning run's results.csv (one model, several launch sets) and names the best launch set
 * for latency (lowest p99 of one sample, batch 1) and for throughput (most samples/s at any batch),
 * each as a ratio against the baseline launch set measured in the same run at the same batch and
 * threads. The two winners can differ: a setting that keeps pages warm for big batches can cost a
 * single request nothing or a lot, and more threads per request help latency while more requests in
 * flight help throughput.
 */
public final class TuningReport {

    /** One measured configuration of the model. */
    public record Point(
            String launch,
            int batch,
            int threads,
            int callers,
            String mode,
            double p99Ms,
            double samplesPerS) {
        String where() {
            return String.format(
                    Locale.ROOT, "batch %d, %d thread(s), %d caller(s)", batch, threads, callers);
        }
    }

    /** A winner and its gain over the baseline at the same batch, threads and callers. */
    public record Verdict(Point best, Optional<Point> baseline, double ratio) {}

    private TuningReport() {}

    public static List<Point> read(Path resultsCsv, String model) throws IOException {
        List<Point> points = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(resultsCsv)) {
            for (CSVRecord r : Csv.READ.parse(in)) {
                if (!r.get(Column.MODEL.header()).equals(model)
                        || r.get(Column.LAUNCH.header()).isEmpty()) {
                    continue;
                }
                points.add(
                        new Point(
                                r.get(Column.LAUNCH.header()),
                                Integer.parseInt(r.get(Column.BATCH_SIZE.header())),
                                Integer.parseInt(r.get(Column.INTRA_OP_THREADS.header())),
                                Integer.parseInt(r.get(Column.CALLERS.header())),
                                r.get(Column.JMH_MODE.header()),
                                number(r.get(Column.LATENCY_MS_P99.header())),
                                number(r.get(Column.THROUGHPUT_SAMPLES_PER_S.header()))));
            }
        }
        return points;
    }

    /**
     * Lowest p99 at batch 1 (sample mode), against the baseline at the same threads and callers.
     */
    public static Optional<Verdict> latency(List<Point> points, String baseline) {
        return points.stream()
                .filter(p -> p.batch() == 1 && !Double.isNaN(p.p99Ms()))
                .min(Comparator.comparingDouble(Point::p99Ms))
                .map(
                        best -> {
                            Optional<Point> base =
                                    same(points, best, baseline, p -> !Double.isNaN(p.p99Ms()));
                            return new Verdict(
                                    best,
                                    base,
                                    base.map(b -> b.p99Ms() / best.p99Ms()).orElse(Double.NaN));
                        });
    }

    /** Most samples/s at any batch, against the baseline at the same batch, threads and callers. */
    public static Optional<Verdict> throughput(List<Point> points, String baseline) {
        return points.stream()
                .filter(p -> !Double.isNaN(p.samplesPerS()))
                .max(Comparator.comparingDouble(Point::samplesPerS))
                .map(
                        best -> {
                            Optional<Point> base =
                                    same(
                                            points,
                                            best,
                                            baseline,
                                            p -> !Double.isNaN(p.samplesPerS()));
                            return new Verdict(
                                    best,
                                    base,
                                    base.map(b -> best.samplesPerS() / b.samplesPerS())
                                            .orElse(Double.NaN));
                        });
    }

    private static Optional<Point> same(
            List<Point> points, Point best, String baseline, Predicate<Point> has) {
        return points.stream()
                .filter(
                        p ->
                                p.launch().equals(baseline)
                                        && p.batch() == best.batch()
                                        && p.threads() == best.threads()
                                        && p.callers() == best.callers()
                                        && p.mode().equals(best.mode())
                                        && has.test(p))
                .findFirst();
    }

    public static String text(String model, List<Point> points, String baseline) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "Tuning %s: %d configurations, baseline launch set '%s'%n",
                        model,
                        points.size(),
                        baseline));
        latency(points, baseline)
                .ifPresentOrElse(
                        v ->
                                out.append(
                                        String.format(
                                                Locale.ROOT,
                                                "Best for latency (p99 of one request, batch 1): %s at %s: p99 %.2f ms; %s%n",
                                                v.best().launch(),
                                                v.best().where(),
                                                v.best().p99Ms(),
                                                against(
                                                        v,
                                                        "%.2f ms",
                                                        v.baseline().map(Point::p99Ms)))),
                        () ->
                                out.append(
                                        "Best for latency: no batch-1 latency distribution measured (add batch 1 and mode sample)\n"));
        throughput(points, baseline)
                .ifPresentOrElse(
                        v ->
                                out.append(
                                        String.format(
                                                Locale.ROOT,
                                                "Best for throughput (samples/s, any batch): %s at %s: %.1f samples/s; %s%n",
                                                v.best().launch(),
                                                v.best().where(),
                                                v.best().samplesPerS(),
                                                against(
                                                        v,
                                                        "%.1f samples/s",
                                                        v.baseline().map(Point::samplesPerS)))),
                        () -> out.append("Best for throughput: no throughput measured\n"));
        out.append(
                "The two can differ: latency is one request's wait, throughput is work per second across batches and "
                        + "callers; a setting that pays off for large batches may not for a single sample, and the reverse.\n");
        return out.toString();
    }

    private static String against(Verdict v, String format, Optional<Double> base) {
        if (v.baseline().isEmpty()) {
            return "the baseline was not measured at this configuration";
        }
        if (v.best().launch().equals(v.baseline().get().launch())) {
            return "the baseline itself";
        }
        return String.format(
                Locale.ROOT,
                "%.2fx the baseline (" + format + ") in the same run",
                v.ratio(),
                base.orElse(Double.NaN));
    }

    private static double number(String text) {
        return text == null || text.isEmpty() ? Double.NaN : Double.parseDouble(text);
    }
}
