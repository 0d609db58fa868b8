package org.effbench.jmh;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads JMH's JSON result file, keeping every complete entry even when the file was cut short (an
 * interrupted run) or one entry is malformed; what could not be read is named in {@link
 * Parsed#problems()}.
 */
public final class JmhJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
     * JSON compressed).
     */
    public static Parsed read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return parse(name, Files.readString(file));
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
                try {
                    results.add(result(node));
                } catch (IllegalArgumentException e) {
                    problems.add(source + ": entry " + index + " skipped: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add(source + ": unreadable (" + firstLine(e) + ")");
        }
        return new Parsed(results, problems);
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
        return new Metric(
                number(score),
                number(m.path("scoreError")),
                m.path("scoreUnit").asText(),
                percentiles);
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
