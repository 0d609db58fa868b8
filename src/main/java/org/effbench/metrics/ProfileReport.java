package org.effbench.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;
import org.effbench.base.Csv;
import org.effbench.base.Dtype;
import org.effbench.base.ShapeText;

/**
 * A {@link ModelProfile} as a torchinfo-style table, as CSV (one row per layer, then TOTAL) or as
 * JSON.
 */
public final class ProfileReport {

    /**
     * CSV columns, in order; the eighth is {@code flops} for float dtypes and {@code ops} for
     * integer ones.
     */
    public static final List<String> CSV_COLUMNS =
            List.of(
                    "layer",
                    "kind",
                    "settings",
                    "output_shape",
                    "params",
                    "buffers",
                    "macs",
                    "flops",
                    "activations",
                    "activation_bytes",
                    "macs_pct",
                    "understood");

    private ProfileReport() {}

    public static String table(ModelProfile p) {
        StringBuilder out = new StringBuilder();
        String ops = p.dtype().opsName();
        String row = "%-34s %-18s %-22s %-20s %13s %15s %15s %13s %7s%n";
        out.append(
                String.format(
                        Locale.ROOT,
                        "Model %s, input %s, dtype %s%n",
                        p.model(),
                        ShapeText.of(p.inputShape()),
                        p.dtype()));
        out.append(
                String.format(
                        Locale.ROOT,
                        row,
                        "Layer",
                        "Kind",
                        "Settings",
                        "Output shape",
                        "Params",
                        "MACs",
                        ops,
                        "Activations",
                        "%MACs"));
        out.append("-".repeat(165)).append('\n');
        for (LayerOp l : p.layers()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            row,
                            clip(l.name(), 34),
                            clip(l.kind(), 18),
                            clip(l.settings(), 22),
                            clip(ShapeText.of(l.output().shape().getShape()), 20),
                            n(l.params()),
                            l.understood() ? n(l.macs()) : "?",
                            l.understood() ? n(l.ops(p.allOps())) : "?",
                            n(l.activations()),
                            String.format(Locale.ROOT, "%.2f", p.macsShare(l))));
        }
        out.append("-".repeat(165)).append('\n');
        out.append(
                String.format(
                        Locale.ROOT,
                        row,
                        "Total" + (p.trace().complete() ? "" : " (partial)"),
                        "",
                        "",
                        "",
                        n(p.params()),
                        n(p.macs()),
                        n(p.ops()),
                        n(p.activations()),
                        "100.00"));
        out.append('\n');
        out.append(
                String.format(
                        Locale.ROOT,
                        "Parameters: %s trainable, %s buffers (BatchNorm running statistics)%n",
                        n(p.params()),
                        n(p.buffers())));
        out.append(
                String.format(
                        Locale.ROOT,
                        "MACs: %s; %s: %s (%s); batch %d included%n",
                        n(p.macs()),
                        ops,
                        n(p.ops()),
                        p.opsConvention(),
                        p.batch()));
        out.append(
                String.format(
                        Locale.ROOT,
                        "Activations: %s elements, %s at %d bits%n",
                        n(p.activations()),
                        bytes(p.activations() * p.dtype().activationBits() / 8),
                        p.dtype().activationBits()));
        out.append(
                String.format(
                        Locale.ROOT,
                        "Peak activation memory: %s computed (liveness, input included, peak at %s)",
                        bytes(p.peak().bytes()),
                        p.peak().step()));
        out.append('\n');
        if (p.measured() != null) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "Measured in one fp32 pass: live peak %s (tensors alive at layer "
                                    + "boundaries, input included; %.2f x computed); allocated %s (libtorch profiler)%n",
                            bytes(p.measured().livePeakBytes()),
                            (double) p.measured().livePeakBytes() / p.peak().bytes(),
                            bytes(p.measured().allocatedBytes())));
        }
        out.append("Model size (parameters x bits / 8):");
        for (Dtype d : Dtype.values()) {
            out.append(String.format(Locale.ROOT, " %s %s;", d, bytes(p.sizeBytes(d))));
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        " saved to a file (DJL format, fp32, with buffers): %s%n",
                        bytes(p.serializedBytes())));
        out.append(
                p.trace().complete()
                        ? "Every block was understood.\n"
                        : "NOT UNDERSTOOD (counts missing, totals partial): "
                                + String.join(", ", p.trace().unsupported())
                                + "\n");
        return out.toString();
    }

    public static String csv(ModelProfile p) {
        List<String> header = new ArrayList<>(CSV_COLUMNS);
        header.set(7, p.dtype().integer() ? "ops" : "flops");
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = Csv.printer(out, header)) {
            long activationBits = p.dtype().activationBits();
            for (LayerOp l : p.layers()) {
                csv.printRecord(
                        l.name(),
                        l.kind(),
                        l.settings(),
                        ShapeText.of(l.output().shape().getShape()),
                        l.params(),
                        l.buffers(),
                        l.macs(),
                        l.ops(p.allOps()),
                        l.activations(),
                        l.activations() * activationBits / 8,
                        String.format(Locale.ROOT, "%.4f", p.macsShare(l)),
                        l.understood());
            }
            csv.printRecord(
                    "TOTAL",
                    "total",
                    p.trace().complete() ? "" : "partial",
                    ShapeText.of(p.trace().output().shape().getShape()),
                    p.params(),
                    p.buffers(),
                    p.macs(),
                    p.ops(),
                    p.activations(),
                    p.activations() * activationBits / 8,
                    "100.0000",
                    p.trace().complete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static String json(ModelProfile p) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", p.model());
        root.put("inputShape", p.inputShape().getShape());
        root.put("dtype", p.dtype().id());
        root.put("opsName", p.dtype().opsName());
        root.put("opsConvention", p.opsConvention());
        root.put("complete", p.trace().complete());
        root.put("unsupported", p.trace().unsupported());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("params", p.params());
        totals.put("buffers", p.buffers());
        totals.put("macs", p.macs());
        totals.put("ops", p.ops());
        totals.put("activations", p.activations());
        root.put("totals", totals);
        Map<String, Object> peak = new LinkedHashMap<>();
        peak.put("computedBytes", p.peak().bytes());
        peak.put("computedAt", p.peak().step());
        peak.put("measuredLiveBytes", p.measured() == null ? null : p.measured().livePeakBytes());
        peak.put(
                "measuredAllocatedBytes",
                p.measured() == null ? null : p.measured().allocatedBytes());
        root.put("peakActivationMemory", peak);
        Map<String, Object> size = new LinkedHashMap<>();
        for (Dtype d : Dtype.values()) {
            size.put(d.id() + "Bytes", p.sizeBytes(d));
        }
        size.put("serializedBytes", p.serializedBytes());
        root.put("modelSize", size);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (LayerOp l : p.layers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", l.name());
            m.put("kind", l.kind());
            m.put("settings", l.settings());
            m.put("outputShape", l.output().shape().getShape());
            m.put("params", l.params());
            m.put("buffers", l.buffers());
            m.put("macs", l.macs());
            m.put("ops", l.ops(p.allOps()));
            m.put("activations", l.activations());
            m.put("understood", l.understood());
            layers.add(m);
        }
        root.put("layers", layers);
        try {
            return new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(root)
                    + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String n(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Bytes in MiB with two decimals (and the exact count). */
    private static String bytes(long value) {
        return String.format(Locale.ROOT, "%.2f MiB (%,d bytes)", value / (1024.0 * 1024.0), value);
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
