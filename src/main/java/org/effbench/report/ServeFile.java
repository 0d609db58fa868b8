package org.effbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;
import org.effbench.base.Figures;
import org.effbench.base.PercentileRule;
import org.effbench.serve.Capacity;
import org.effbench.serve.PointResult;
import org.effbench.serve.ServeFiles;
import org.effbench.serve.ServeSettings;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.StopRule;

/**
 * One serve run as the post-processor reads it: {@code serve.json} of the {@code serve} command or
 * {@code serve-<job>.json} of a serve sweep, with the exact histograms of its {@code .hlog} beside
 * it; or the same built from a run still in memory (the {@code serve} command's charts). Older
 * files without {@code model}, {@code input}, {@code job_id} or {@code launch_set} are read with
 * the model taken from {@code service}.
 *
 * @param name the file's name ({@code serve.json}), or {@code serve} for a run in memory
 * @param model the model as a sweep definition's {@code models} key writes it
 * @param input a file model's canonical input shapes; empty for a zoo model
 * @param jobId the sweep's job; empty for the {@code serve} command
 * @param launchSet the sweep's launch set; empty for the {@code serve} command
 * @param launch how the serving JVM was launched (allocator, MKL dispatch, environment)
 * @param offline the Offline point (everything queued at once); empty when one rate was asked
 * @param points every open-loop point in the order run
 * @param capacity the index in {@code points} of the capacity (or of the one rate asked)
 * @param lowestFailing the lowest rate that failed in the search; NaN when none did
 * @param problems what could not be read (a missing hlog), for the rows' warnings
 */
public record ServeFile(
        String name,
        String model,
        String input,
        String jobId,
        String launchSet,
        Layout layout,
        Map<String, String> launch,
        long minQueries,
        double minSeconds,
        Optional<Point> offline,
        List<Point> points,
        OptionalInt capacity,
        double lowestFailing,
        List<String> problems) {

    /**
     * {@code serve.json} of the {@code serve} command, {@code serve-<job>.json} of a serve sweep
     * ({@link ServeFiles}), gzipped in a published run.
     */
    public static final String PATTERN = "serve(-.+)?\\.json(\\.gz)?";

    public ServeFile {
        launch = Map.copyOf(launch);
        points = List.copyOf(points);
        problems = List.copyOf(problems);
    }

    /**
     * How requests were served: the workers and their threads, the batcher, the arrivals and the
     * bound. Two serve files with the same layout, model and launch set measured the same thing.
     *
     * @param threads libtorch intra-op threads of each worker (0 for the synthetic service)
     * @param boundPercentile the bounded percentile, 99
     */
    public record Layout(
            int workers,
            int threads,
            int maxBatch,
            double maxDelayMs,
            String arrival,
            double boundPercentile,
            double boundMs) {

        /**
         * {@code 2 workers x 1 thread, batches <= 8 after 20 ms}, {@code 1 worker x 2 threads, no
         * batching}: what the verdict, the table and the charts' legends call a layout.
         */
        public String text() {
            StringBuilder out =
                    new StringBuilder()
                            .append(workers)
                            .append(workers == 1 ? " worker" : " workers");
            if (threads > 0) {
                out.append(" x ").append(threads).append(threads == 1 ? " thread" : " threads");
            }
            if (maxBatch == 1) {
                return out.append(", no batching").toString();
            }
            out.append(", batches <= ").append(maxBatch);
            return (maxDelayMs > 0
                            ? out.append(" after ")
                                    .append(Figures.threeDigits(maxDelayMs))
                                    .append(" ms")
                            : out.append(", no wait"))
                    .toString();
        }

        /** {@code p99 <= 300 ms}. */
        public String bound() {
            return PercentileRule.name(boundPercentile)
                    + " <= "
                    + Figures.threeDigits(boundMs)
                    + " ms";
        }
    }

    /**
     * A distribution in milliseconds: the exact histogram where the hlog has it, else the figures
     * serve.json stores (n, mean, p50, p90, p99, p99.9, max; no min, p95 or standard deviation).
     */
    public record Distribution(
            long n,
            double mean,
            Map<Double, Double> percentiles,
            double max,
            Optional<Histogram> exact) {

        public Distribution {
            percentiles = Map.copyOf(percentiles);
        }

        static Distribution of(Histogram h) {
            Map<Double, Double> p = new LinkedHashMap<>();
            for (double q : Percentiles.COLUMNS.keySet()) {
                p.put(q, PointResult.millis(h, q));
            }
            return new Distribution(
                    h.getTotalCount(),
                    PointResult.meanMillis(h),
                    p,
                    h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1e6,
                    Optional.of(h));
        }

        static Distribution of(JsonNode n) {
            Map<Double, Double> p = new LinkedHashMap<>();
            for (double q : Percentiles.COLUMNS.keySet()) {
                JsonNode v = n.get(PercentileRule.name(q));
                if (v != null) {
                    p.put(q, v.asDouble());
                }
            }
            return new Distribution(
                    n.path("n").asLong(),
                    n.path("mean").asDouble(Double.NaN),
                    p,
                    n.path("max").asDouble(Double.NaN),
                    Optional.empty());
        }

        /** Percentile {@code q} (in percent) in ms; NaN when not known. */
        public double percentile(double q) {
            return percentiles.getOrDefault(q, Double.NaN);
        }

        /** The smallest value, ms; NaN without the histogram. */
        public double min() {
            return exact.filter(h -> h.getTotalCount() > 0)
                    .map(h -> h.getMinValue() / 1e6)
                    .orElse(Double.NaN);
        }

        /**
         * The sample standard deviation (n - 1 in the denominator, as JMH's), ms; NaN without the
         * histogram or with fewer than 2 values. HdrHistogram gives the population's.
         */
        public double stdev() {
            return exact.filter(h -> h.getTotalCount() > 1)
                    .map(
                            h ->
                                    h.getStdDeviation()
                                            * Math.sqrt(
                                                    h.getTotalCount() / (h.getTotalCount() - 1.0))
                                            / 1e6)
                    .orElse(Double.NaN);
        }
    }

    /**
     * One load point, or the Offline run.
     *
     * @param offered the offered rate, queries/s; NaN for the Offline run
     * @param achieved requests served per second, first arrival to last completion
     * @param stop why it stopped early ({@code saturated}, ...), or {@code none}
     * @param batches how many batches of each size were formed; empty where not recorded (the
     *     Offline run)
     * @param meetsBound its p99 within the bound and no early stop (false for the Offline run)
     * @param valid met the bound with enough queries over enough time (false for the Offline run)
     * @param invalidBecause why it is not valid
     */
    public record Point(
            double offered,
            double achieved,
            long planned,
            long served,
            double seconds,
            String stop,
            Distribution latency,
            Distribution queue,
            Distribution service,
            double meanBatch,
            Map<Integer, Long> batches,
            boolean meetsBound,
            boolean valid,
            List<String> invalidBecause) {

        public Point {
            batches = Map.copyOf(batches);
            invalidBecause = List.copyOf(invalidBecause);
        }

        public boolean isOffline() {
            return Double.isNaN(offered);
        }

        public boolean stoppedEarly() {
            return !stop.equals("none") && !isOffline();
        }

        /**
         * The workers' busy time, seconds: the sum over batches of each batch's service time. The
         * hlog records each request's service (its batch's time), so a batch of k counts k times;
         * the requests' service times are paired with the batch sizes formed, the longest with the
         * largest, each divided by its batch's size: exact when a larger batch never takes less
         * time than a smaller one. Where the batch sizes are not recorded (the Offline run), the
         * sum over requests / the mean batch: exact when every batch was full. NaN without the
         * service histogram.
         */
        public double busySeconds() {
            if (service.exact().isEmpty() || service.n() == 0) {
                return Double.NaN;
            }
            Histogram h = service.exact().get();
            if (batches.isEmpty()) {
                return meanBatch > 0
                        ? h.getMean() * h.getTotalCount() / meanBatch / 1e9
                        : Double.NaN;
            }
            // request sizes in ascending order: k repeated k x count_k times
            Iterator<Map.Entry<Integer, Long>> sizes = new TreeMap<>(batches).entrySet().iterator();
            Map.Entry<Integer, Long> size = sizes.next();
            long sizeLeft = size.getKey() * size.getValue();
            double nanos = 0;
            for (HistogramIterationValue v : h.recordedValues()) {
                long left = v.getCountAtValueIteratedTo();
                double value = h.medianEquivalentValue(v.getValueIteratedTo());
                while (left > 0) {
                    while (sizeLeft == 0) {
                        if (!sizes.hasNext()) {
                            return Double.NaN; // more requests than the batches hold
                        }
                        size = sizes.next();
                        sizeLeft = size.getKey() * size.getValue();
                    }
                    long take = Math.min(left, sizeLeft);
                    nanos += value * take / size.getKey();
                    left -= take;
                    sizeLeft -= take;
                }
            }
            return nanos / 1e9;
        }
    }

    /** Whether the capacity was searched (an Offline run, then the bisection), not one rate. */
    public boolean searched() {
        return offline.isPresent();
    }

    /** The capacity point; empty when none met the bound or one rate was asked. */
    public Optional<Point> capacityPoint() {
        return searched() && capacity.isPresent()
                ? Optional.of(points.get(capacity.getAsInt()))
                : Optional.empty();
    }

    /** The capacity, queries/s; NaN when none. */
    public double capacityRate() {
        return capacityPoint().map(Point::offered).orElse(Double.NaN);
    }

    /**
     * Reads {@code json} and the histograms of the {@code .hlog} of the same name beside it ({@code
     * .hlog.gz} for a published run); a missing or unreadable hlog leaves the distributions as the
     * JSON stores them, said in {@link #problems}.
     *
     * @throws IOException when the JSON cannot be read or is not a serve run's
     */
    public static ServeFile read(Path json) throws IOException {
        String fileName = json.getFileName().toString();
        JsonNode root;
        try (InputStream in = open(json)) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IOException(fileName + ": not readable JSON (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.has("workers") || !root.path("points").isArray()) {
            throw new IOException(
                    fileName
                            + ": not a serve run's file (no workers or points; serve-check's file"
                            + " is not derived)");
        }
        List<String> problems = new ArrayList<>();
        Map<String, Histogram> histograms = histograms(json, problems);
        Layout layout =
                new Layout(
                        root.path("workers").asInt(),
                        root.path("intra_op_threads").asInt(),
                        root.path("max_batch").asInt(1),
                        root.path("max_delay_ms").asDouble(),
                        root.path("arrival").asText(""),
                        root.path("bound_percentile").asDouble(ServeSettings.PERCENTILE),
                        root.path("bound_ms").asDouble(Double.NaN));
        Map<String, String> launch = new TreeMap<>();
        root.path("launch")
                .fields()
                .forEachRemaining(e -> launch.put(e.getKey(), e.getValue().asText()));
        Optional<Point> offline = Optional.empty();
        JsonNode off = root.get("offline");
        if (off != null && off.isObject()) {
            String tag = off.path("hlog_tag").asText("offline");
            offline =
                    Optional.of(
                            new Point(
                                    Double.NaN,
                                    off.path("throughput_per_s").asDouble(),
                                    off.path("served").asLong(),
                                    off.path("served").asLong(),
                                    off.path("seconds").asDouble(),
                                    "none",
                                    distribution(histograms, tag, "latency", null),
                                    distribution(histograms, tag, "queue", null),
                                    distribution(histograms, tag, "service", null),
                                    off.path("mean_batch").asDouble(Double.NaN),
                                    Map.of(),
                                    false,
                                    false,
                                    List.of()));
        }
        List<Point> points = new ArrayList<>();
        for (JsonNode p : root.get("points")) {
            String tag = p.path("hlog_tag").asText("point-" + p.path("index").asInt());
            Map<Integer, Long> batches = new TreeMap<>();
            p.path("batches")
                    .fields()
                    .forEachRemaining(
                            e -> batches.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
            List<String> reasons = new ArrayList<>();
            p.path("invalid_because").forEach(r -> reasons.add(r.asText()));
            points.add(
                    new Point(
                            p.path("offered_per_s").asDouble(),
                            p.path("achieved_per_s").asDouble(),
                            p.path("planned").asLong(),
                            p.path("served").asLong(),
                            p.path("seconds").asDouble(),
                            p.path("stop").asText("none"),
                            distribution(histograms, tag, "latency", p.get("latency_ms")),
                            distribution(histograms, tag, "queue", p.get("queue_ms")),
                            distribution(histograms, tag, "service", p.get("service_ms")),
                            p.path("mean_batch").asDouble(Double.NaN),
                            batches,
                            p.path("meets_bound").asBoolean(),
                            p.path("valid").asBoolean(),
                            reasons));
        }
        OptionalInt capacity = OptionalInt.empty();
        JsonNode c = root.get("capacity");
        if (c != null && c.isObject()) {
            int at = c.path("point").asInt() - 1;
            if (at >= 0 && at < points.size()) {
                capacity = OptionalInt.of(at);
            }
        }
        String service = root.path("service").asText("");
        return new ServeFile(
                fileName,
                text(root, "model").orElse(service),
                text(root, "input").orElse(""),
                text(root, "job_id").orElse(""),
                text(root, "launch_set").orElse(""),
                layout,
                launch,
                root.path("min_queries").asLong(),
                root.path("min_seconds").asDouble(),
                offline,
                points,
                capacity,
                root.path("lowest_failing_per_s").asDouble(Double.NaN),
                problems);
    }

    /**
     * A run still in memory, as {@link #read} would read its files back: what the {@code serve}
     * command charts before writing them.
     */
    public static ServeFile of(ServeSetup setup, Capacity.Outcome o, Map<String, String> launch) {
        ServeSettings s = o.settings();
        Layout layout =
                new Layout(
                        setup.workers(),
                        setup.intraOpThreads(),
                        s.policy().maxBatch(),
                        s.policy().maxDelayNanos() / 1e6,
                        s.arrival().label(),
                        ServeSettings.PERCENTILE,
                        s.boundNanos() / 1e6);
        List<Point> points =
                o.points().stream()
                        .map(
                                p ->
                                        point(
                                                p.result(),
                                                p.judgement().meetsBound(),
                                                p.judgement().valid(),
                                                p.judgement().reasons()))
                        .toList();
        OptionalInt capacity =
                o.capacity()
                        .map(c -> OptionalInt.of(o.points().indexOf(c)))
                        .orElse(OptionalInt.empty());
        return new ServeFile(
                "serve",
                setup.service(),
                "",
                "",
                "",
                layout,
                launch,
                s.length().minQueries(),
                s.length().minNanos() / 1e9,
                o.offline().map(r -> point(r, false, false, List.of())),
                points,
                capacity,
                o.failing(),
                List.of());
    }

    private static Point point(
            PointResult r, boolean meetsBound, boolean valid, List<String> reasons) {
        Map<Integer, Long> batches = new TreeMap<>();
        if (!r.isOffline()) {
            for (int size = 1; size < r.batches().length; size++) {
                if (r.batches()[size] > 0) {
                    batches.put(size, r.batches()[size]);
                }
            }
        }
        return new Point(
                r.isOffline() ? Double.NaN : r.rate(),
                r.achievedRate(),
                r.planned(),
                r.completed(),
                r.seconds(),
                r.stop() == StopRule.Stop.NONE ? "none" : r.stop().name().toLowerCase(Locale.ROOT),
                Distribution.of(r.latency()),
                Distribution.of(r.queue()),
                Distribution.of(r.service()),
                r.meanBatch(),
                batches,
                meetsBound,
                valid,
                reasons);
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() || n.asText().isEmpty()
                ? Optional.empty()
                : Optional.of(n.asText());
    }

    private static Distribution distribution(
            Map<String, Histogram> histograms, String tag, String kind, JsonNode stored) {
        Histogram h = histograms.get(tag + "." + kind);
        if (h != null) {
            return Distribution.of(h);
        }
        return stored == null
                ? new Distribution(0, Double.NaN, Map.of(), Double.NaN, Optional.empty())
                : Distribution.of(stored);
    }

    /** The hlog beside {@code json}, by tag; empty with a problem when it is missing or broken. */
    private static Map<String, Histogram> histograms(Path json, List<String> problems) {
        String base = json.getFileName().toString().replaceAll("\\.json(\\.gz)?$", "");
        Path hlog = json.resolveSibling(base + ".hlog");
        if (!Files.exists(hlog)) {
            hlog = json.resolveSibling(base + ".hlog.gz");
        }
        Map<String, Histogram> out = new LinkedHashMap<>();
        if (!Files.exists(hlog)) {
            problems.add(
                    "no "
                            + base
                            + ".hlog beside "
                            + json.getFileName()
                            + ": latency figures as the JSON stores them (no min, p95 or stdev)");
            return out;
        }
        try (InputStream in = open(hlog)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
                if (h instanceof Histogram histogram && h.getTag() != null) {
                    out.put(h.getTag(), histogram);
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(
                    hlog.getFileName()
                            + " is unreadable ("
                            + e.getMessage()
                            + "): latency figures as "
                            + json.getFileName()
                            + " stores them (no min, p95 or stdev)");
            out.clear();
        }
        return out;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }
}
