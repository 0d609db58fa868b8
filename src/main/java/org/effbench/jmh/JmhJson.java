package org.effbench.jmh;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.effbench.base.Utf8;

/**
 * Reads JMH's JSON result file, keeping every complete entry even when the file was cut short (an
 * interrupted run) or one entry is malformed; what could not be read is named in {@link
 * Parsed#problems()}.
 */
public final class JmhJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What JMH on Windows writes in (its system code page in the western locales). */
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** The readable entries and a description of each unreadable part. */
    public record Parsed(List<BenchmarkResult> results, List<String> problems) {
        public Parsed {
            results = List.copyOf(results);
            problems = List.copyOf(problems);
        }
    }

    private JmhJson() {}

    /**
     * Reads {@code file}; a name ending in {@code .gz} is gunzipped (published runs keep their raw
     * JSON compressed). JMH writes its file in the platform's encoding, which on Windows is not
     * UTF-8 ({@code µs/op}, {@code ·gc.alloc.rate} in windows-1252): a file that is not UTF-8 is
     * read as windows-1252, and a problem names the file and its first byte that is not UTF-8.
     */
    public static Parsed read(Path file) throws IOException {
        String name = file.getFileName().toString();
        byte[] bytes;
        if (name.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                bytes = in.readAllBytes();
            }
        } else {
            bytes = Files.readAllBytes(file);
        }
        Optional<String> invalid = Utf8.firstInvalid(bytes);
        if (invalid.isEmpty()) {
            return parse(name, new String(bytes, StandardCharsets.UTF_8));
        }
        Parsed parsed = parse(name, new String(bytes, WINDOWS_1252));
        List<String> problems = new ArrayList<>();
        problems.add(
                name
                        + ": not UTF-8 ("
                        + invalid.get()
                        + (name.endsWith(".gz") ? " after gunzip" : "")
                        + "), read as "
                        + WINDOWS_1252.name()
                        + " (JMH on Windows writes its file in the system's code page)");
        problems.addAll(parsed.problems());
        return new Parsed(parsed.results(), problems);
    }

    public static Parsed parse(String source, String json) {
        List<BenchmarkResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                problems.add(source + ": not a JMH result file (expected a JSON array)");
                return new Parsed(results, problems);
            }
            int index = 0;
            while (true) {
                JsonToken token;
                try {
                    token = parser.nextToken();
                } catch (IOException e) {
                    problems.add(
                            source
                                    + ": cut short after entry "
                                    + index
                                    + " ("
                                    + firstLine(e)
                                    + ")");
                    break;
                }
                if (token == null) {
                    problems.add(
                            source
                                    + ": cut short after entry "
                                    + index
                                    + " (the array never closes)");
                    break;
                }
                if (token == JsonToken.END_ARRAY) {
                    break;
                }
                index++;
                JsonNode node;
                try {
                    node = parser.readValueAsTree();
                } catch (IOException e) {
                    problems.add(
                            source + ": entry " + index + " is incomplete (" + firstLine(e) + ")");
                    break;
                }
                BenchmarkResult result;
                try {
                    result = result(node);
                } catch (IllegalArgumentException e) {
                    problems.add(source + ": entry " + index + " skipped: " + e.getMessage());
                    continue;
                }
                results.add(result);
                for (String p : scoreProblems(result)) {
                    problems.add(source + ": entry " + index + " (" + label(result) + "): " + p);
                }
            }
        } catch (IOException e) {
            problems.add(source + ": unreadable (" + firstLine(e) + ")");
        }
        return new Parsed(results, problems);
    }

    /**
     * Why figures of {@code r} cannot be derived from its scores: the primary metric's score is not
     * a number or its unit is not a time (as {@link TimeUnits} accepts), and the same for secondary
     * metrics that are rates ({@code ops/…}, the ceilings' GFLOP/s and GB/s). Empty when all can.
     */
    public static List<String> scoreProblems(BenchmarkResult r) {
        List<String> problems = new ArrayList<>();
        scoreProblem("primaryMetric", r.primary()).ifPresent(problems::add);
        new TreeMap<>(r.secondary())
                .forEach(
                        (name, m) -> {
                            if (m.unit().startsWith("ops/")) {
                                scoreProblem("secondaryMetrics." + name, m)
                                        .ifPresent(problems::add);
                            }
                        });
        return problems;
    }

    private static Optional<String> scoreProblem(String name, Metric m) {
        if (!TimeUnits.understood(m.unit())) {
            return Optional.of(
                    name
                            + " unit '"
                            + m.unit()
                            + "' is not understood (accepted: "
                            + TimeUnits.ACCEPTED
                            + "): no figure derived from its score "
                            + m.score());
        }
        if (!Double.isFinite(m.score())) {
            return Optional.of(
                    name
                            + " score is "
                            + m.score()
                            + " "
                            + m.unit()
                            + ": no figure derived from it");
        }
        return Optional.empty();
    }

    /**
     * {@code InferenceBenchmark.infer thrpt batchSize=2 model=mlp}: which entry a problem is in.
     */
    private static String label(BenchmarkResult r) {
        StringBuilder out = new StringBuilder(r.shortName()).append(' ').append(r.mode());
        new TreeMap<>(r.params())
                .forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        return out.toString();
    }

    private static BenchmarkResult result(JsonNode n) {
        String benchmark = required(n, "benchmark").asText();
        String mode = required(n, "mode").asText();
        Metric primary = metric(required(n, "primaryMetric"), "primaryMetric");
        Map<String, String> params = new LinkedHashMap<>();
        n.path("params")
                .fields()
                .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        Map<String, Metric> secondary = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("secondaryMetrics").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            secondary.put(e.getKey(), metric(e.getValue(), "secondaryMetrics." + e.getKey()));
        }
        List<String> jvmArgs = new ArrayList<>();
        n.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
        return new BenchmarkResult(
                benchmark,
                mode,
                n.path("threads").asInt(1),
                n.path("forks").asInt(0),
                n.path("warmupIterations").asInt(0),
                n.path("warmupTime").asText(""),
                n.path("measurementIterations").asInt(0),
                n.path("measurementTime").asText(""),
                jvmArgs,
                params,
                primary,
                secondary);
    }

    private static Metric metric(JsonNode m, String where) {
        JsonNode score = required(m, "score");
        Map<Double, Double> percentiles = new HashMap<>();
        m.path("scorePercentiles")
                .fields()
                .forEachRemaining(
                        e -> percentiles.put(Double.parseDouble(e.getKey()), number(e.getValue())));
        if (!m.has("scoreUnit")) {
            throw new IllegalArgumentException(where + " has no scoreUnit");
        }
        NavigableMap<Double, Long> values = values(m);
        return new Metric(
                number(score),
                number(m.path("scoreError")),
                m.path("scoreUnit").asText(),
                percentiles,
                SampleStats.of(values),
                values);
    }

    /**
     * The values behind a score, from the raw data JMH writes beside it: SampleTime's {@code
     * rawDataHistogram} (per fork, per iteration, [value, count] pairs: every timed invocation),
     * else {@code rawData} (per fork, one score per iteration), each value with its count. A value
     * that is not a finite number is left out; empty when nothing is left.
     */
    static NavigableMap<Double, Long> values(JsonNode m) {
        NavigableMap<Double, Long> values = new TreeMap<>();
        if (m.has("rawDataHistogram")) {
            for (JsonNode fork : m.path("rawDataHistogram")) {
                for (JsonNode iteration : fork) {
                    for (JsonNode pair : iteration) {
                        double value = number(pair.path(0));
                        long count = pair.path(1).asLong(0);
                        if (Double.isFinite(value) && count > 0) {
                            values.merge(value, count, Long::sum);
                        }
                    }
                }
            }
        } else {
            for (JsonNode fork : m.path("rawData")) {
                for (JsonNode value : fork) {
                    double v = number(value);
                    if (Double.isFinite(v)) {
                        values.merge(v, 1L, Long::sum);
                    }
                }
            }
        }
        return values;
    }

    /** JMH writes NaN as the string "NaN". */
    private static double number(JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
        return v;
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
