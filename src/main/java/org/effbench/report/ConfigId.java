package org.effbench.report;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.csv.CSVRecord;
import org.effbench.bench.BenchParam;
import org.effbench.bench.InferenceBenchmark;

/**
 * What one measured configuration is, so rows of different runs are matched only when they measured
 * the same thing: the benchmark with every JMH parameter (effbench's and any other project's), the
 * mode, the callers and the launch set; and, apart, the {@link Context} it ran in (machine, what
 * the launch set resolved to, the GEMM that measured the peak), which must agree for a comparison
 * to mean anything.
 *
 * @param params every JMH parameter, by name
 * @param launch the launch set's name; empty when the run had none
 */
public record ConfigId(
        String benchmark,
        SortedMap<String, String> params,
        String mode,
        int callers,
        String launch,
        Context context) {

    /**
     * Where a configuration ran; empty strings where the row does not say.
     *
     * @param machine the machine's fingerprint
     * @param launchSettings what the launch set resolved to (allocator, MKL dispatch, JDK, JVM
     *     options)
     * @param peakMatrixSize n of the GEMM that measured the peak the row is compared with
     */
    public record Context(String machine, String launchSettings, String peakMatrixSize) {

        public Context withMachine(String other) {
            return new Context(other, launchSettings, peakMatrixSize);
        }

        /** The ways {@code other} differs from this, in words; empty when they agree. */
        public List<String> differences(Context other, String launch) {
            List<String> out = new ArrayList<>();
            differ(out, "machine", machine, other.machine);
            differ(out, "launch set '" + launch + "'", launchSettings, other.launchSettings);
            differ(out, "peak GEMM size", peakMatrixSize, other.peakMatrixSize);
            return out;
        }

        private static void differ(List<String> out, String what, String a, String b) {
            if (!a.isEmpty() && !b.isEmpty() && !a.equals(b)) {
                out.add(what + " " + a + " vs " + b);
            }
        }
    }

    public ConfigId {
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
        Objects.requireNonNull(context, "context");
    }

    /** The same configuration anywhere: without its context. */
    public ConfigId withoutContext() {
        return withContext(new Context("", "", ""));
    }

    public ConfigId withContext(Context other) {
        return new ConfigId(benchmark, params, mode, callers, launch, other);
    }

    public ConfigId withLaunch(String other) {
        return new ConfigId(benchmark, params, mode, callers, other, context);
    }

    public ConfigId withMode(String other) {
        return new ConfigId(benchmark, params, other, callers, launch, context);
    }

    /**
     * For people: {@code InferenceBenchmark.infer batchSize=8 model=resnet50 … c1 sample
     * [default]}.
     */
    public String text() {
        StringBuilder out = new StringBuilder(benchmark);
        params.forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        out.append(" c").append(callers).append(' ').append(mode);
        if (!launch.isEmpty()) {
            out.append(" [").append(launch).append(']');
        }
        return out.toString();
    }

    /**
     * For people, within one model's block: {@code batchSize=8 intraOpThreads=2 c1 sample
     * [default]}, without the model, without the benchmark when it is effbench's model benchmark,
     * and without {@code interOpThreads=0} (libtorch's default).
     */
    public String shortText() {
        StringBuilder out = new StringBuilder();
        if (!benchmark.equals(InferenceBenchmark.SHORT_NAME)) {
            out.append(benchmark).append(' ');
        }
        params.forEach(
                (k, v) -> {
                    boolean model = k.equals(BenchParam.MODEL.jmhName());
                    boolean defaultInterOp =
                            k.equals(BenchParam.INTER_OP_THREADS.jmhName()) && v.equals("0");
                    if (!model && !defaultInterOp) {
                        out.append(k).append('=').append(v).append(' ');
                    }
                });
        out.append('c').append(callers).append(' ').append(mode);
        if (!launch.isEmpty()) {
            out.append(" [").append(launch).append(']');
        }
        return out.toString();
    }

    /** JMH parameters in one CSV cell: {@code name=value} joined by {@code &}, URL-encoded. */
    public static String encode(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(params).forEach((k, v) -> parts.add(url(k) + "=" + url(v)));
        return String.join("&", parts);
    }

    public static SortedMap<String, String> decode(String cell) {
        SortedMap<String, String> params = new TreeMap<>();
        if (cell.isBlank()) {
            return params;
        }
        for (String part : cell.split("&")) {
            int eq = part.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(
                        "parameters '" + cell + "' are not name=value pairs joined by &");
            }
            params.put(unurl(part.substring(0, eq)), unurl(part.substring(eq + 1)));
        }
        return params;
    }

    /** The identity of a derived row. */
    public static ConfigId of(DerivedRow row) {
        return new ConfigId(
                row.text(Column.BENCHMARK),
                params(row::text),
                row.text(Column.JMH_MODE),
                (int) row.number(Column.CALLERS),
                row.text(Column.LAUNCH),
                new Context(
                        row.text(Column.MACHINE_ID),
                        row.text(Column.LAUNCH_SETTINGS),
                        row.text(Column.PEAK_MATRIX_SIZE)));
    }

    /**
     * The identity of a results.csv row. A file written before the {@code params} column existed
     * gives effbench's parameters from their own columns.
     *
     * @param launchSettings what a launch set resolved to, for files without that column
     */
    public static ConfigId of(CSVRecord r, Function<String, String> launchSettings) {
        SortedMap<String, String> params = params(c -> cell(r, c));
        String launch = cell(r, Column.LAUNCH);
        String settings =
                has(r, Column.LAUNCH_SETTINGS)
                        ? cell(r, Column.LAUNCH_SETTINGS)
                        : launchSettings.apply(launch);
        return new ConfigId(
                cell(r, Column.BENCHMARK),
                params,
                cell(r, Column.JMH_MODE),
                cell(r, Column.CALLERS).isEmpty()
                        ? 0
                        : (int) Double.parseDouble(cell(r, Column.CALLERS)),
                launch,
                new Context(
                        cell(r, Column.MACHINE_ID), settings, cell(r, Column.PEAK_MATRIX_SIZE)));
    }

    /**
     * The {@code jmh_params} cell, or for rows written before it existed effbench's parameters from
     * their own columns.
     */
    private static SortedMap<String, String> params(Function<Column, String> cell) {
        if (!cell.apply(Column.JMH_PARAMS).isEmpty()) {
            return decode(cell.apply(Column.JMH_PARAMS));
        }
        SortedMap<String, String> params = new TreeMap<>();
        String model = cell.apply(Column.MODEL);
        put(params, BenchParam.MODEL, model);
        put(params, BenchParam.BATCH_SIZE, cell.apply(Column.BATCH_SIZE));
        put(params, BenchParam.INTRA_OP_THREADS, cell.apply(Column.INTRA_OP_THREADS));
        String inter = cell.apply(Column.INTER_OP_THREADS);
        if (!model.isEmpty()) {
            put(params, BenchParam.INTER_OP_THREADS, inter.isEmpty() ? "0" : inter);
        }
        return params;
    }

    private static void put(Map<String, String> params, BenchParam p, String value) {
        if (!value.isEmpty()) {
            params.put(p.jmhName(), value);
        }
    }

    private static boolean has(CSVRecord r, Column c) {
        return r.isMapped(c.header());
    }

    private static String cell(CSVRecord r, Column c) {
        return has(r, c) && r.isSet(c.header()) ? r.get(c.header()) : "";
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unurl(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
