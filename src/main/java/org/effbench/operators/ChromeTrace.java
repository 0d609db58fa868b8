package org.effbench.operators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the chrome trace libtorch's legacy profiler writes through DJL ({@code
 * JniUtils.stopProfile}) into operator calls nested by time: an event that starts and ends inside
 * another on the same thread was called by it.
 */
public final class ChromeTrace {

    private static final Pattern MEMORY = Pattern.compile("(-?[\\d.]+) (b|Kb|Mb|Gb)");

    private ChromeTrace() {}

    /**
     * The top-level operator calls, in start order, each with its nested calls.
     *
     * @throws IllegalArgumentException if the text is not a chrome trace
     */
    public static List<OpEvent> parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "libtorch's profile is not JSON: " + e.getMessage(), e);
        }
        JsonNode events =
                root != null && root.isArray()
                        ? root
                        : root == null ? null : root.path("traceEvents");
        if (events == null || !events.isArray()) {
            throw new IllegalArgumentException(
                    "libtorch's profile is not a chrome trace (no event array)");
        }
        Map<Long, List<OpEvent>> byThread = new LinkedHashMap<>();
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText())
                    || !e.has("name")
                    || !e.has("ts")
                    || !e.has("dur")) {
                continue;
            }
            OpEvent op =
                    new OpEvent(
                            e.path("name").asText(),
                            e.path("ts").asDouble(),
                            e.path("dur").asDouble(),
                            e.path("tid").asLong(),
                            shapes(e),
                            e.has("cpu mem") ? Math.round(bytes(e.path("cpu mem").asText())) : 0);
            byThread.computeIfAbsent(op.thread(), t -> new ArrayList<>()).add(op);
        }
        List<OpEvent> roots = new ArrayList<>();
        for (List<OpEvent> ops : byThread.values()) {
            roots.addAll(nest(ops));
        }
        roots.sort(Comparator.comparingDouble(OpEvent::startMicros));
        return roots;
    }

    /** Nests one thread's events; a parent sorts before the children that start with it. */
    static List<OpEvent> nest(List<OpEvent> ops) {
        List<OpEvent> sorted = new ArrayList<>(ops);
        sorted.sort(
                Comparator.comparingDouble(OpEvent::startMicros)
                        .thenComparing(
                                Comparator.comparingDouble(OpEvent::durationMicros).reversed()));
        List<OpEvent> roots = new ArrayList<>();
        Deque<OpEvent> open = new ArrayDeque<>();
        for (OpEvent op : sorted) {
            while (!open.isEmpty() && op.startMicros() >= open.peek().endMicros()) {
                open.pop();
            }
            if (open.isEmpty()) {
                roots.add(op);
            } else {
                open.peek().addChild(op);
            }
            open.push(op);
        }
        return roots;
    }

    /** A memory figure of the legacy profiler ({@code "-3.5 Kb"}) in bytes. */
    static double bytes(String text) {
        Matcher m = MEMORY.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "unexpected memory figure in libtorch's profile: '" + text + "'");
        }
        double unit =
                switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "kb" -> 1024;
                    case "mb" -> 1024 * 1024;
                    case "gb" -> 1024.0 * 1024 * 1024;
                    default -> 1;
                };
        return Double.parseDouble(m.group(1)) * unit;
    }

    /**
     * Input shapes, from the legacy format's {@code shape} or the newer {@code args."Input Dims"}.
     */
    private static List<List<Long>> shapes(JsonNode event) {
        JsonNode shapes =
                event.has("shape") ? event.get("shape") : event.path("args").path("Input Dims");
        List<List<Long>> out = new ArrayList<>();
        if (shapes.isArray()) {
            for (JsonNode shape : shapes) {
                List<Long> dims = new ArrayList<>();
                if (shape.isArray()) {
                    shape.forEach(
                            d -> {
                                if (d.isNumber()) {
                                    dims.add(d.asLong());
                                }
                            });
                }
                out.add(dims);
            }
        }
        return out;
    }
}
