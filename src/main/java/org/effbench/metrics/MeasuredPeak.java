package org.effbench.metrics;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.effbench.engine.LiveTensorProbe;
import org.effbench.engine.TorchEngine;
import org.effbench.model.LoadedModel;

/**
 * The activation memory of one real forward pass, measured two ways after a warm-up pass:
 * the live peak (the largest sum of tensors alive in the pass's scope at a layer boundary, input
 * included, see {@link LiveTensorProbe}) and the bytes libtorch allocated during the pass (its
 * profiler with memory recording, through DJL: every top-level operator's net allocation, summed).
 * The first is what the pass needs at once; the second is how much memory it touches, which
 * matters because every fresh allocation may cost page faults.
 */
public final class MeasuredPeak {

    /** Both measurements, in bytes. */
    public record Measurement(long livePeakBytes, long allocatedBytes) {}

    private static final Pattern MEMORY = Pattern.compile("(-?[\\d.]+) (b|Kb|Mb|Gb)");

    private MeasuredPeak() {}

    public static Measurement measure(LoadedModel model, int batch) {
        try (NDManager caller = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDList input = model.newInput(caller, batch, 1);
            model.inferInScope(caller, input); // first-call work (oneDNN primitive caches) stays out
            long live;
            try (NDManager scope = caller.newSubManager()) {
                input.tempAttach(scope);
                live = LiveTensorProbe.measure(scope, () -> model.forward(input));
            }
            Path trace = Files.createTempFile("effbench-profile", ".json");
            try {
                JniUtils.startProfile(false, false, true);
                try {
                    model.inferInScope(caller, input);
                } finally {
                    JniUtils.stopProfile(trace.toString());
                }
                return new Measurement(live, peakOfRunningSum(Files.readString(trace)));
            } finally {
                Files.deleteIfExists(trace);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read libtorch's profile: " + e.getMessage(), e);
        }
    }

    /**
     * The peak of the running sum of net allocations of top-level operators in a chrome trace
     * from libtorch's legacy profiler ("cpu mem" per event, inclusive of nested events). Frees
     * made between operators (DJL closing a tensor) are not in the trace, so for a pass this is
     * what it allocated.
     */
    static long peakOfRunningSum(String chromeTrace) throws IOException {
        JsonNode root = new ObjectMapper().readTree(chromeTrace);
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        List<double[]> ops = new ArrayList<>(); // ts, end, bytes
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText()) && e.has("cpu mem")) {
                double ts = e.path("ts").asDouble();
                ops.add(new double[] {ts, ts + e.path("dur").asDouble(), bytes(e.path("cpu mem").asText())});
            }
        }
        ops.sort(Comparator.<double[]>comparingDouble(o -> o[0]).thenComparingDouble(o -> -o[1]));
        double end = Double.NEGATIVE_INFINITY;
        double running = 0;
        double peak = 0;
        for (double[] op : ops) {
            if (op[0] >= end) { // not nested in the previous top-level operator
                running += op[2];
                peak = Math.max(peak, running);
                end = op[1];
            }
        }
        return Math.round(peak);
    }

    static double bytes(String text) {
        Matcher m = MEMORY.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("unexpected memory figure in libtorch's profile: '" + text + "'");
        }
        double unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kb" -> 1024;
            case "mb" -> 1024 * 1024;
            case "gb" -> 1024.0 * 1024 * 1024;
            default -> 1;
        };
        return Double.parseDouble(m.group(1)) * unit;
    }
}
