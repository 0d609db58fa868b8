package org.effbench.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.effbench.base.AtomicFiles;
import org.effbench.base.PercentileRule;

/**
 * A serve run's files, each written whole: {@value #JSON} (the settings, how the JVM was launched,
 * every point's figures and judgement, the capacity, the charts' file names) and {@value #HLOG}
 * (every point's raw latency, queue and service time histograms in HdrHistogram's log format,
 * nanoseconds, tagged {@code point-N.latency} and so on), from which any percentile can be computed
 * again.
 */
public final class ServeFiles {

    public static final String JSON = "serve.json";
    public static final String HLOG = "serve.hlog";

    private ServeFiles() {}

    /**
     * Writes both files into {@code dir}, with no launch settings or charts; returns their paths.
     */
    public static List<Path> write(Path dir, ServeSetup setup, Capacity.Outcome o)
            throws IOException {
        return write(dir, setup, o, Map.of(), List.of());
    }

    /**
     * Writes both files into {@code dir}; returns their paths.
     *
     * @param launch how the JVM that served was launched (allocator, MKL dispatch, environment)
     * @param charts the chart files written beside them, by name
     */
    public static List<Path> write(
            Path dir,
            ServeSetup setup,
            Capacity.Outcome o,
            Map<String, String> launch,
            List<String> charts)
            throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(AtomicFiles.writeString(dir.resolve(JSON), json(setup, o, launch, charts)));
        written.add(
                AtomicFiles.write(
                        dir.resolve(HLOG),
                        out -> hlog(new PrintStream(out, false, StandardCharsets.UTF_8), o)));
        return written;
    }

    static String json(ServeSetup setup, Capacity.Outcome o) throws IOException {
        return json(setup, o, Map.of(), List.of());
    }

    static String json(
            ServeSetup setup, Capacity.Outcome o, Map<String, String> launch, List<String> charts)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ServeSettings s = o.settings();
        root.put("service", setup.service());
        root.put("workers", setup.workers());
        root.put("intra_op_threads", setup.intraOpThreads());
        root.put("max_batch", s.policy().maxBatch());
        root.put("max_delay_ms", s.policy().maxDelayNanos() / 1e6);
        root.put("arrival", s.arrival().label());
        root.put("seed", s.seed());
        root.put("bound_percentile", ServeSettings.PERCENTILE);
        root.put("bound_ms", s.boundNanos() / 1e6);
        root.put("min_queries", s.length().minQueries());
        root.put("min_seconds", s.length().minNanos() / 1e9);
        root.put("max_queries", s.length().maxQueries());
        root.put("max_seconds", s.length().maxNanos() / 1e9);
        root.put("saturation_factor", StopRule.SATURATION_FACTOR);
        root.put("search_resolution", CapacitySearch.RESOLUTION);
        root.put("percentile_rule_min_beyond", PercentileRule.K);
        ObjectNode launched = root.putObject("launch");
        launch.forEach(launched::put);
        ArrayNode chartNames = root.putArray("charts");
        charts.forEach(chartNames::add);
        if (o.offline().isPresent()) {
            PointResult off = o.offline().get();
            ObjectNode n = root.putObject("offline");
            n.put("throughput_per_s", off.achievedRate());
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
            n.put("valid", p.judgement().valid());
            ArrayNode reasons = n.putArray("invalid_because");
            p.judgement().reasons().forEach(reasons::add);
            n.put("hlog_tag", tag(i));
        }
        if (o.capacity().isPresent()) {
            ObjectNode c = root.putObject("capacity");
            c.put("rate_per_s", o.capacity().get().result().rate());
            c.put("point", o.points().indexOf(o.capacity().get()) + 1);
            c.put("valid", o.capacity().get().judgement().valid());
        } else {
            root.putNull("capacity");
        }
        if (!Double.isNaN(o.failing())) {
            root.put("lowest_failing_per_s", o.failing());
        }
        return mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
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

    private static void hlog(PrintStream out, Capacity.Outcome o) {
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
                        + JSON);
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
