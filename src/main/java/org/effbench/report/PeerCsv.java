package org.effbench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.Csv;
import org.effbench.bench.InferenceConfig;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.Metric;
import org.effbench.jmh.SampleStats;
import org.effbench.model.ModelRef;
import org.effbench.model.TorchScriptModel;
import org.effbench.sweep.LaunchSet;

/**
 * Rows a peer framework wrote in effbench's schema (scripts/peer_pytorch.py: a sweep's peer job
 * writes {@code peer-<id>.csv}, earlier runs one {@code peer-pytorch.csv}), read back as SampleTime
 * results so they are derived exactly like effbench's own: the same FLOPs, ceilings, roofline and
 * energy.
 */
public final class PeerCsv {

    private PeerCsv() {}

    public static List<BenchmarkResult> read(Path csv) throws IOException {
        List<BenchmarkResult> results = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv)) {
            for (CSVRecord r : Csv.READ.parse(in)) {
                Map<Double, Double> percentiles = new HashMap<>();
                Percentiles.COLUMNS.forEach(
                        (p, column) -> percentiles.put(p, optional(r, column.header())));
                Metric latency =
                        new Metric(
                                number(r, "latency_ms_mean"),
                                number(r, "latency_ms_error"),
                                "ms/op",
                                percentiles,
                                samples(r));
                results.add(
                        new BenchmarkResult(
                                "peer." + r.get("benchmark"),
                                "sample",
                                (int) number(r, "callers"),
                                (int) number(r, "forks"),
                                0,
                                r.get("warmup"),
                                (int) number(r, "iterations"),
                                r.get("measurement"),
                                jvmArgs(r),
                                peerConfig(r).jmhParams(),
                                latency,
                                Map.of()));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(
                    csv.getFileName()
                            + " is not a peer CSV in effbench's schema: "
                            + e.getMessage(),
                    e);
        }
        return results;
    }

    /**
     * What stands in a row's JVM arguments: the peer's settings (its warnings) and, in a row that
     * names it, the launch set of the fork it is paired with, as a fork's own arguments name it.
     */
    private static List<String> jvmArgs(CSVRecord r) {
        String launch = r.isMapped("launch") ? r.get("launch") : "";
        return launch.isEmpty()
                ? List.of(r.get("warnings"))
                : List.of(r.get("warnings"), "-D" + LaunchSet.PROPERTY + "=" + launch);
    }

    /**
     * The model configuration the peer ran, checked as effbench's own: a zoo model, or a file with
     * the input shapes effbench gave it (not checked against the file, which may be gone, as for
     * effbench's rows read back); a file written before the {@code input} column ran zoo models
     * only.
     */
    private static InferenceConfig peerConfig(CSVRecord r) {
        String model = r.get("model");
        String input = r.isMapped("input") ? r.get("input") : "";
        return new InferenceConfig(
                TorchScriptModel.names(model)
                        ? new ModelRef(model.strip(), ModelRef.canonicalInput(input))
                        : ModelRef.parse(model, ""),
                (int) number(r, "batch_size"),
                (int) number(r, "intra_op_threads"),
                0);
    }

    /**
     * The peer's timed calls: {@code latency_n} with min, max and stdev; a file written before
     * those columns existed counted its timed calls in {@code iterations} (its measurement reads "N
     * calls in Ts"), and has no min, max or stdev.
     */
    private static Optional<SampleStats> samples(CSVRecord r) {
        boolean counted = r.isMapped(Column.LATENCY_N.header());
        double n = counted ? number(r, Column.LATENCY_N.header()) : number(r, "iterations");
        if (!(n >= 1)) {
            return Optional.empty();
        }
        return Optional.of(
                new SampleStats(
                        (long) n,
                        optional(r, Column.LATENCY_MS_MIN.header()),
                        optional(r, Column.LATENCY_MS_MAX.header()),
                        number(r, "latency_ms_mean"),
                        optional(r, Column.LATENCY_MS_STDEV.header())));
    }

    /** A column a peer file may not have (written before it existed): NaN when absent. */
    private static double optional(CSVRecord r, String column) {
        return r.isMapped(column) ? number(r, column) : Double.NaN;
    }

    private static double number(CSVRecord r, String column) {
        String v = r.get(column);
        return v == null || v.isBlank() ? Double.NaN : Double.parseDouble(v);
    }
}
