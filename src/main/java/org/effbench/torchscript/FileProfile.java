package org.effbench.torchscript;

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
import java.util.TreeSet;
import org.apache.commons.csv.CSVPrinter;
import org.effbench.base.ComputeDtype;
import org.effbench.base.Csv;
import org.effbench.base.Flops;
import org.effbench.operators.OperatorCounter;
import org.effbench.operators.OperatorProfile;
import org.effbench.operators.OperatorRow;

/**
 * A TorchScript file's counts from its code beside those from libtorch's trace of one pass, per
 * operator, with whether they agree; the parameters by storage and the model size.
 *
 * @param code the count read from the file's code
 * @param trace one profiled pass, or null when none was run
 * @param fileBytes the file's size on disk
 */
public record FileProfile(
        String model,
        String input,
        int batch,
        CodeCount code,
        OperatorProfile trace,
        long fileBytes) {

    public static final List<String> CSV_COLUMNS =
            List.of(
                    "operator",
                    "calls",
                    "macs",
                    "flops",
                    "macs_trace",
                    "agreement",
                    "elementwise_ops",
                    "understood",
                    "note",
                    "dtype");

    /**
     * One operator: the code's count and the trace's, whether they agree, and the dtype its
     * products ran in (the code's: the trace records no dtypes).
     */
    public record Row(
            String operator,
            long calls,
            long macs,
            Long traceMacs,
            String agreement,
            long elementwiseOps,
            boolean understood,
            String note,
            String dtype) {}

    /**
     * Operators with MACs or with something to say, code's order first, then those only the trace
     * has.
     */
    public List<Row> rows() {
        Map<String, OperatorRow> traced = new LinkedHashMap<>();
        TreeSet<String> traceUnknown = new TreeSet<>();
        if (trace != null) {
            trace.rows().forEach(r -> traced.put(OperatorCounter.kindName(r.operator()), r));
            trace.notUnderstood().forEach(n -> traceUnknown.add(OperatorCounter.kindName(n)));
        }
        List<Row> rows = new ArrayList<>();
        for (CodeCount.OperatorCount o : code.operators().values()) {
            OperatorRow t = traced.get(o.operator());
            boolean traceHasMacs = t != null && t.macs() > 0;
            if (o.macs() == 0 && o.unknownCalls() == 0 && !traceHasMacs) {
                continue;
            }
            String agreement;
            if (o.unknownCalls() > 0) {
                agreement = "code: not known";
            } else if (trace == null) {
                agreement = "";
            } else if (traceUnknown.contains(o.operator())) {
                agreement = "trace: not understood";
            } else if (t == null) {
                agreement = "trace: not seen";
            } else if (t.macs() == o.macs()) {
                agreement = t.estimate() ? "yes (trace estimated)" : "yes";
            } else if (code.unresolved() != null) {
                agreement = "code: stopped early"; // its calls after the stop are not in the code's
                // count
            } else {
                agreement =
                        String.format(
                                Locale.ROOT, "DIFFERS%s", t.estimate() ? " (trace estimated)" : "");
            }
            rows.add(
                    new Row(
                            o.operator(),
                            o.calls(),
                            o.macs(),
                            t == null ? null : t.macs(),
                            agreement,
                            o.elementwiseOps(),
                            o.unknownCalls() == 0,
                            String.join("; ", o.notes()),
                            o.dtype().label()));
        }
        for (Map.Entry<String, OperatorRow> e : traced.entrySet()) {
            if (!code.operators().containsKey(e.getKey()) && e.getValue().macs() > 0) {
                rows.add(
                        new Row(
                                e.getKey(),
                                0,
                                0,
                                e.getValue().macs(),
                                "code: not seen",
                                0,
                                true,
                                "counted in the trace only (a kernel the code's operator calls)",
                                ""));
            }
        }
        code.notUnderstood()
                .forEach(
                        (op, calls) ->
                                rows.add(
                                        new Row(
                                                op,
                                                calls,
                                                0,
                                                traced.containsKey(op)
                                                        ? traced.get(op).macs()
                                                        : null,
                                                "code: not understood",
                                                0,
                                                false,
                                                "no rule: its work is not in the totals",
                                                "")));
        return rows;
    }

    public long traceMacs() {
        return trace == null ? 0 : trace.macs();
    }

    /** Whether the two counts agree in total and no operator differs. */
    public boolean agree() {
        return trace != null
                && code.complete()
                && trace.notUnderstood().isEmpty()
                && traceMacs() == code.macs()
                && rows().stream().noneMatch(r -> r.agreement().startsWith("DIFFERS"));
    }

    /** Parameters the file stores, each storage once, packed quantized weights included. */
    public long storedParameters() {
        return code.parameters() + code.packedWeights();
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "Model %s, input %s (batch %d); counted from the file's code, cross-checked "
                                + "with libtorch's trace of one pass%n",
                        model,
                        input,
                        batch));
        String row = "%-40s %7s %18s %18s  %-6s %s%n";
        out.append(
                String.format(
                        Locale.ROOT,
                        row,
                        "Operator",
                        "Calls",
                        "MACs (code)",
                        "MACs (trace)",
                        "Dtype",
                        "Agree"));
        out.append("-".repeat(117)).append('\n');
        for (Row r : rows()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            row,
                            r.operator(),
                            r.calls() == 0 ? "" : Long.toString(r.calls()),
                            r.understood() ? n(r.macs()) : "?",
                            r.traceMacs() == null ? "" : n(r.traceMacs()),
                            r.dtype(),
                            r.agreement()));
        }
        out.append("-".repeat(117)).append('\n');
        ComputeDtype dtype = code.dtype();
        out.append(
                String.format(
                        Locale.ROOT,
                        row,
                        "Total",
                        "",
                        n(code.macs()) + (code.complete() ? "" : "+?"),
                        trace == null ? "" : n(traceMacs()),
                        dtype.label(),
                        trace == null ? "" : agree() ? "yes" : "NO"));
        out.append(
                String.format(
                        Locale.ROOT,
                        "FLOPs = 2 x MACs: %s%s%n",
                        n(Flops.ofMacs(code.macs())),
                        code.complete() ? "" : "+?"));
        out.append(computedIn(dtype)).append('\n');
        if (code.unresolved() != null) {
            out.append("The code could not be followed to the end: ")
                    .append(code.unresolved())
                    .append(". The total above covers the pass up to there.\n");
        }
        if (!code.notUnderstood().isEmpty()) {
            out.append("NOT UNDERSTOOD in the code (no rule; their work is not in the totals): ")
                    .append(code.notUnderstood())
                    .append('\n');
        }
        if (trace != null && !trace.notUnderstood().isEmpty()) {
            out.append("Not understood in the trace: ")
                    .append(String.join(", ", trace.notUnderstood()))
                    .append('\n');
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "Parameters: %,d (each stored tensor once)%s; buffers %,d%n",
                        code.parameters(),
                        code.packedWeights() > 0
                                ? String.format(
                                        Locale.ROOT,
                                        " + %,d in quantized operators' packed weights and biases",
                                        code.packedWeights())
                                : "",
                        code.buffers()));
        code.shared()
                .forEach(
                        (key, names) ->
                                out.append("  shared storage, counted once: ")
                                        .append(String.join(" = ", names))
                                        .append('\n'));
        return out.toString();
    }

    /**
     * The compute dtype's line: the format of the products (from the code: libtorch's trace records
     * shapes, not dtypes), with the split when mixed.
     */
    static String computedIn(ComputeDtype dtype) {
        String what =
                dtype.macs().isEmpty()
                        ? "not known"
                        : dtype.macs().size() == 1
                                ? dtype.label() + ", every MAC"
                                : dtype.label() + ", " + dtype.shares();
        return "Computed in (the dtype of the products' operands in the code: casts followed,"
                + " weights as saved): "
                + what
                + (dtype.partial()
                        ? "; the code count is partial, this covers what it counted"
                        : "");
    }

    public String csv() {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = Csv.printer(out, CSV_COLUMNS)) {
            for (Row r : rows()) {
                csv.printRecord(
                        r.operator(),
                        r.calls(),
                        r.understood() ? r.macs() : "",
                        r.understood() ? Flops.ofMacs(r.macs()) : "",
                        r.traceMacs() == null ? "" : r.traceMacs(),
                        r.agreement(),
                        r.elementwiseOps(),
                        r.understood(),
                        r.note(),
                        r.dtype());
            }
            csv.printRecord(
                    "TOTAL",
                    "",
                    code.macs(),
                    Flops.ofMacs(code.macs()),
                    trace == null ? "" : traceMacs(),
                    trace == null ? "" : agree() ? "yes" : "no",
                    code.elementwiseOps(),
                    code.complete(),
                    String.format(
                            Locale.ROOT,
                            "parameters %d; packed %d; buffers %d%s",
                            code.parameters(),
                            code.packedWeights(),
                            code.buffers(),
                            code.unresolved() == null ? "" : "; stopped: " + code.unresolved()),
                    code.dtype().label());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", model);
        root.put("input", input);
        root.put("batch", batch);
        root.put("macs", code.macs());
        root.put("flops", Flops.ofMacs(code.macs()));
        root.put("complete", code.complete());
        root.put("macs_trace", trace == null ? null : traceMacs());
        root.put("agree", trace == null ? null : agree());
        root.put("unresolved", code.unresolved());
        root.put("dtype", code.dtype().label());
        root.put("dtype_macs", code.dtype().macs());
        root.put("dtype_partial", code.dtype().partial());
        root.put("parameters", code.parameters());
        root.put("packed_parameters", code.packedWeights());
        root.put("buffers", code.buffers());
        root.put("parameter_bytes_as_saved", code.parameterBytes());
        root.put("shared_parameters", code.shared().values());
        root.put("file_bytes", fileBytes);
        root.put("operators", rows());
        root.put("not_understood", code.notUnderstood());
        root.put("not_understood_trace", trace == null ? List.of() : trace.notUnderstood());
        try {
            return new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(root)
                    + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
