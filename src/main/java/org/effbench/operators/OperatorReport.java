package org.effbench.operators;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVPrinter;
import org.effbench.base.Csv;

/**
 * An {@link OperatorProfile} as a DeepSpeed-profiler-style table, or as CSV (a row per operator,
 * then TOTAL).
 */
public final class OperatorReport {

    public static final List<String> CSV_COLUMNS =
            List.of(
                    "operator",
                    "calls_per_pass",
                    "self_ms",
                    "self_pct",
                    "counted_ms",
                    "macs",
                    "flops",
                    "gflops_per_s",
                    "estimate");

    private OperatorReport() {}

    public static String table(OperatorProfile p) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "Model %s, input %s, %d intra-op thread(s); per pass, mean of %d profiled passes%n",
                        p.model(),
                        p.input(),
                        p.intraOpThreads(),
                        p.passes()));
        String row = "%-46s %8s %10s %7s %15s %18s %10s%n";
        out.append(
                String.format(
                        Locale.ROOT,
                        row,
                        "Operator",
                        "Calls",
                        "Self ms",
                        "Self %",
                        "MACs",
                        "FLOPs",
                        "GFLOP/s"));
        out.append("-".repeat(119)).append('\n');
        double inside = p.operatorMicrosPerPass();
        for (OperatorRow r : p.rows()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            row,
                            r.operator() + (r.estimate() ? " *" : ""),
                            calls(r.calls()),
                            ms(r.selfMicros()),
                            pct(r.selfMicros(), inside),
                            r.macs() == 0 ? "" : n(r.macs()),
                            r.flops() == 0 ? "" : n(r.flops()),
                            Double.isNaN(r.gflops())
                                    ? ""
                                    : String.format(Locale.ROOT, "%.1f", r.gflops())));
        }
        out.append("-".repeat(119)).append('\n');
        out.append(
                String.format(
                        Locale.ROOT,
                        row,
                        "Total inside operators",
                        "",
                        ms(inside),
                        "100.0",
                        n(p.macs()),
                        n(p.flops()),
                        String.format(Locale.ROOT, "%.1f", p.flops() / (inside * 1e3))));
        out.append('\n');
        out.append(
                String.format(
                        Locale.ROOT,
                        "Wall time per pass: %s ms profiled, %s ms without the profiler%n",
                        ms(p.wallMicrosPerPass()),
                        ms(p.unprofiledWallMicrosPerPass())));
        out.append(
                String.format(
                        Locale.ROOT,
                        "Outside libtorch operators (Java, JNI, freeing tensors): %.1f to %.1f us per pass, "
                                + "%.2f%% to %.2f%% of the pass (the profiler's own cost blurs it either way)%n",
                        p.outsideMicrosPerPassLowerBound(),
                        p.outsideMicrosPerPass(),
                        100 * p.outsideMicrosPerPassLowerBound() / p.unprofiledWallMicrosPerPass(),
                        100 * p.outsideMicrosPerPass() / p.wallMicrosPerPass()));
        out.append("MACs counted at the outermost operator with a rule; FLOPs = 2 x MACs")
                .append(
                        p.allOps()
                                ? " + element-wise operations (per-element convention of the profile command)"
                                : "")
                .append(
                        "; GFLOP/s over the counted calls' own time, including what they called.\n");
        if (p.estimated()) {
            out.append(
                    "* some counts rest on an assumption: a convolution's output taken to be its input's size (its "
                            + "consumer does not show it), or a convolution taken to be transposed (the trace does not say).\n");
        }
        out.append(
                p.notUnderstood().isEmpty()
                        ? "Every operator was understood.\n"
                        : "NOT UNDERSTOOD (their work is not in the totals): "
                                + String.join(", ", p.notUnderstood())
                                + "\n");
        return out.toString();
    }

    public static String csv(OperatorProfile p) {
        StringWriter out = new StringWriter();
        double inside = p.operatorMicrosPerPass();
        try (CSVPrinter csv = Csv.printer(out, CSV_COLUMNS)) {
            for (OperatorRow r : p.rows()) {
                csv.printRecord(
                        r.operator(),
                        f(r.calls(), 2),
                        f(r.selfMicros() / 1e3, 4),
                        f(100 * r.selfMicros() / inside, 2),
                        f(r.countedMicros() / 1e3, 4),
                        r.macs(),
                        r.flops(),
                        Double.isNaN(r.gflops()) ? "" : f(r.gflops(), 2),
                        r.estimate());
            }
            csv.printRecord(
                    "TOTAL",
                    "",
                    f(inside / 1e3, 4),
                    "100.00",
                    "",
                    p.macs(),
                    p.flops(),
                    f(p.flops() / (inside * 1e3), 2),
                    p.estimated());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String f(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String calls(double calls) {
        return calls == Math.rint(calls)
                ? String.format(Locale.ROOT, "%d", (long) calls)
                : f(calls, 1);
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1e3);
    }

    private static String pct(double part, double whole) {
        return String.format(Locale.ROOT, "%.1f", 100 * part / whole);
    }

    private static String n(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
