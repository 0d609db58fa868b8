package org.effbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.effbench.base.AtomicFiles;
import org.effbench.base.PercentileRule;
import org.effbench.model.ModelRef;

/**
 * A serve run's files, each written whole: {@value #JSON} (the settings, how the JVM was launched,
 * every point's figures and judgement, the capacity, the charts' file names) and {@value #HLOG}
 * (every point's raw latency, queue and service time histograms in HdrHistogram's log format,
 * nanoseconds, tagged {@code point-N.latency} and so on), from which any percentile can be computed
 * again. A sweep's serve job writes the same two files into the sweep's run folder as {@code
 * serve-<job id>.json} and {@code serve-<job id>.hlog}.
 */
public final class ServeFiles {

    public static final String JSON = "serve.json";
    public static final String HLOG = "serve.hlog";

    /** What a sweep job's file names start with: {@code serve-<id>.json}. */
    public static final String JOB_PREFIX = "serve-";

    /** The JSON's fields a sweep's console line reads back. */
    static final String CAPACITY = "capacity";

    static final String RATE = "rate_per_s";
    static final String VALID = "valid";
    static final String BOUND_MS = "bound_ms";
    static final String OFFLINE = "offline";
    static final String THROUGHPUT = "throughput_per_s";
    static final String LOWEST_FAILING = "lowest_failing_per_s";

    private ServeFiles() {}

    /** The JSON of a sweep's serve job {@code jobId}: {@code serve-<id>.json}. */
    public static String json(String jobId) {
        return JOB_PREFIX + jobId + ".json";
    }

    /** The histogram log of a sweep's serve job {@code jobId}: {@code serve-<id>.hlog}. */
    public static String hlog(String jobId) {
        return JOB_PREFIX + jobId + ".hlog";
    }

    /**
     * What the files say about the run beside its outcome.
     *
     * @param model the model served; empty for a synthetic service
     * @param jobId the sweep job this run is; empty for a run of its own
     * @param launchSet the sweep's launch set the run's JVM was started with (with a job id)
     * @param launch how the JVM that served was launched (allocator, MKL dispatch, environment)
     * @param charts the chart files written beside them, by name
     */
    public record Run(
            Optional<ModelRef> model,
            Optional<String> jobId,
            Optional<String> launchSet,
            Map<String, String> launch,
            List<String> charts) {

        /** Nothing beside the outcome. */
        public static final Run NONE =
                new Run(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), List.of());

        /** A run of its own: {@value #JSON} and {@value #HLOG}, charts beside them. */
        public static Run standalone(
                ModelRef model, Map<String, String> launch, List<String> charts) {
            return new Run(Optional.of(model), Optional.empty(), Optional.empty(), launch, charts);
        }

        /** A sweep's job: {@code serve-<id>.json} and {@code .hlog}, no charts. */
        public static Run job(
                ModelRef model, String jobId, String launchSet, Map<String, String> launch) {
            return new Run(
                    Optional.of(model),
                    Optional.of(jobId),
                    Optional.of(launchSet),
                    launch,
                    List.of());
        }

        String jsonName() {
            return jobId.map(ServeFiles::json).orElse(JSON);
        }

        String hlogName() {
            return jobId.map(ServeFiles::hlog).orElse(HLOG);
        }
    }

    /**
     * Writes both files into {@code dir}, with no launch settings or charts; returns their paths.
     */
    public static List<Path> write(Path dir, ServeSetup setup, Capacity.Outcome o)
            throws IOException {
        return write(dir, setup, o, Run.NONE);
    }

    /**
     * Writes both files into {@code dir}, the histograms first: the JSON, written last, is what
     * says the run is complete (a sweep resumes a job whose JSON is missing). Returns their paths.
     */
    public static List<Path> write(Path dir, ServeSetup setup, Capacity.Outcome o, Run run)
            throws IOException {
        Path hlog =
                AtomicFiles.write(
                        dir.resolve(run.hlogName()),
                        out -> hlog(new PrintStream(out, false, StandardCharsets.UTF_8), o, run));
        Path json = AtomicFiles.writeString(dir.resolve(run.jsonName()), json(setup, o, run));
        return List.of(json, hlog);
    }

    static String json(ServeSetup setup, Capacity.Outcome o) throws IOException {
        return json(setup, o, Run.NONE);
    }

    static String json(ServeSetup setup, Capacity.Outcome o, Run run) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ServeSettings s = o.settings();
        run.jobId().ifPresent(id -> root.put("job_id", id));
        run.launchSet().ifPresent(name -> root.put("launch_set", name));
        root.put("service", setup.service());
        run.model()
                .ifPresent(
                        m -> {
                            // as a sweep definition's models key writes it
                            root.put("model", m.toString());
                            if (m.isFile()) {
                                root.put("input", m.input());
                            }
                        });
        root.put("workers", setup.workers());
        root.put("intra_op_threads", setup.intraOpThreads());
        root.put("max_batch", s.policy().maxBatch());
        root.put("max_delay_ms", s.policy().maxDelayNanos() / 1e6);
        root.put("arrival", s.arrival().label());
        root.put("seed", s.seed());
        root.put("bound_percentile", ServeSettings.PERCENTILE);
        root.put(BOUND_MS, s.boundNanos() / 1e6);
        root.put("min_queries", s.length().minQueries());
        root.put("min_seconds", s.length().minNanos() / 1e9);
        root.put("max_queries", s.length().maxQueries());
        root.put("max_seconds", s.length().maxNanos() / 1e9);
        root.put("saturation_factor", StopRule.SATURATION_FACTOR);
        root.put("search_resolution", CapacitySearch.RESOLUTION);
        root.put("percentile_rule_min_beyond", PercentileRule.K);
        ObjectNode launched = root.putObject("launch");
        run.launch().forEach(launched::put);
        ArrayNode chartNames = root.putArray("charts");
        run.charts().forEach(chartNames::add);
        if (o.offline().isPresent()) {
            PointResult off = o.offline().get();
            ObjectNode n = root.putObject(OFFLINE);
            n.put(THROUGHPUT, off.achievedRate());
            n.put("served", off.completed());
            n.put("seconds", off.seconds());
            n.put("mean_batch", off.meanBatch());
            n.put("hlog_tag", "offline");
        }
        ArrayNode points = root.putArray("points");
        for (int i = 0; i < o.points().size(); i++) {
            Capacity.Point p = o.points().get(i);
            PointResult r = p.result();
            ObjectNode n = points.addObject();
            n.put("index", i + 1);
            n.put("offered_per_s", r.rate());
            n.put("achieved_per_s", r.achievedRate());
            n.put("planned", r.planned());
            n.put("served", r.completed());
            n.put("unserved", r.unserved());
            n.put("seconds", r.seconds());
            n.put("stop", r.stop().name().toLowerCase(java.util.Locale.ROOT));
            distribution(n.putObject("latency_ms"), r.latency());
            distribution(n.putObject("queue_ms"), r.queue());
            distribution(n.putObject("service_ms"), r.service());
            n.put("mean_batch", r.meanBatch());
            ObjectNode batches = n.putObject("batches");
            for (int size = 1; size < r.batches().length; size++) {
                if (r.batches()[size] > 0) {
                    batches.put(Integer.toString(size), r.batches()[size]);
                }
            }
            n.put("meets_bound", p.judgement().meetsBound());
            n.put(VALID, p.judgement().valid());
            ArrayNode reasons = n.putArray("invalid_because");
            p.judgement().reasons().forEach(reasons::add);
            n.put("hlog_tag", tag(i));
        }
        if (o.capacity().isPresent()) {
            ObjectNode c = root.putObject(CAPACITY);
            c.put(RATE, o.capacity().get().result().rate());
            c.put("point", o.points().indexOf(o.capacity().get()) + 1);
            c.put(VALID, o.capacity().get().judgement().valid());
        } else {
            root.putNull(CAPACITY);
        }
        if (!Double.isNaN(o.failing())) {
            root.put(LOWEST_FAILING, o.failing());
        }
        return mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    /**
     * The figures a sweep's console line gives, read back from a run's JSON.
     *
     * @param capacity the capacity, queries/s; empty when no rate met the bound
     * @param valid whether the capacity point is valid
     * @param boundMs the p99 bound
     * @param offline the Offline throughput, queries/s; empty for a single rate
     * @param failing the lowest rate that failed; empty for a single rate
     */
    public record Summary(
            OptionalDouble capacity,
            boolean valid,
            double boundMs,
            OptionalDouble offline,
            OptionalDouble failing) {}

    /**
     * @throws IOException when the file cannot be read or is not a serve run's JSON
     */
    public static Summary summary(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        if (root == null || !root.path(BOUND_MS).isNumber()) {
            throw new IOException(json + " is not a serve run's JSON (no " + BOUND_MS + ")");
        }
        JsonNode c = root.path(CAPACITY);
        return new Summary(
                c.path(RATE).isNumber()
                        ? OptionalDouble.of(c.get(RATE).asDouble())
                        : OptionalDouble.empty(),
                c.path(VALID).asBoolean(false),
                root.get(BOUND_MS).asDouble(),
                number(root.path(OFFLINE).path(THROUGHPUT)),
                number(root.path(LOWEST_FAILING)));
    }

    private static OptionalDouble number(JsonNode n) {
        return n.isNumber() ? OptionalDouble.of(n.asDouble()) : OptionalDouble.empty();
    }

    private static void distribution(ObjectNode n, Histogram h) {
        n.put("n", h.getTotalCount());
        n.put("mean", PointResult.meanMillis(h));
        for (double p : ServeReport.PERCENTILES) {
            n.put(PercentileRule.name(p), PointResult.millis(h, p));
        }
        n.put("max", h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1e6);
    }

    private static String tag(int index) {
        return "point-" + (index + 1);
    }

    private static void hlog(PrintStream out, Capacity.Outcome o, Run run) {
        HistogramLogWriter log = new HistogramLogWriter(out);
        long base =
                o.offline()
                        .map(r -> r.latency().getStartTimeStamp())
                        .orElse(
                                o.points().isEmpty()
                                        ? 0
                                        : o.points().get(0).result().latency().getStartTimeStamp());
        log.outputComment(
                "effbench serve: per point, latency (scheduled arrival to completion), queue"
                        + " (arrival to service start) and service time, in nanoseconds; see "
                        + run.jsonName());
        log.outputLogFormatVersion();
        log.setBaseTime(base);
        log.outputStartTime(base);
        log.outputBaseTime(base);
        log.outputLegend();
        o.offline().ifPresent(r -> histograms(log, "offline", r));
        for (int i = 0; i < o.points().size(); i++) {
            histograms(log, tag(i), o.points().get(i).result());
        }
        out.flush();
    }

    private static void histograms(HistogramLogWriter log, String tag, PointResult r) {
        for (String kind : new String[] {"latency", "queue", "service"}) {
            Histogram h =
                    switch (kind) {
                        case "latency" -> r.latency();
                        case "queue" -> r.queue();
                        default -> r.service();
                    };
            Histogram tagged = h.copy();
            tagged.setTag(tag + "." + kind);
            tagged.setStartTimeStamp(h.getStartTimeStamp());
            tagged.setEndTimeStamp(h.getEndTimeStamp());
            log.outputIntervalHistogram(tagged);
        }
    }
}
