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
import org.effbench.engine.TorchEngine;
import org.effbench.model.LoadedModel;

/**
 * The activation memory one forward pass really takes, measured by libtorch's profiler with
 * memory recording (through DJL): every operator's net allocation, summed in time order over the
 * top-level operators, the peak of that running sum, plus the input batch.
 *
 * <p>DJL frees a pass's intermediates only when its scope closes, so the measured figure is close
 * to the sum of all activations, while the computed liveness peak is what an executor that frees
 * each tensor after its last use would need: the gap between the two is memory (and page faults)
 * DJL's eager execution pays for.
 */
public final class MeasuredPeak {

    private static final Pattern MEMORY = Pattern.compile("(-?[\\d.]+) (b|Kb|Mb|Gb)");

    private MeasuredPeak() {}

    /** Bytes: the input plus the peak of libtorch's allocations during one pass (after one warm-up pass). */
    public static long measure(LoadedModel model, int batch) {
        try (NDManager caller = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDList input = model.newInput(caller, batch, 1);
            model.inferInScope(caller, input); // first-call work (oneDNN primitive caches) stays out
            Path trace = Files.createTempFile("effbench-profile", ".json");
            try {
                JniUtils.startProfile(false, false, true);
                try {
                    model.inferInScope(caller, input);
                } finally {
                    JniUtils.stopProfile(trace.toString());
                }
                return input.head().getShape().size() * input.head().getDataType().getNumOfBytes()
                        + peakOfRunningSum(Files.readString(trace));
            } finally {
                Files.deleteIfExists(trace);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read libtorch's profile: " + e.getMessage(), e);
        }
    }

    /**
     * The peak of the running sum of net allocations of top-level operators in a chrome trace
     * from libtorch's legacy profiler ("cpu mem" per event, inclusive of nested events).
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
