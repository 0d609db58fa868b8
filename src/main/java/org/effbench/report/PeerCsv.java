package org.effbench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.effbench.bench.InferenceConfig;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.Metric;
import org.effbench.model.ModelRef;

/**
 * Rows a peer framework wrote in effbench's schema (scripts/peer_pytorch.py writes {@code
 * peer-pytorch.csv}), read back as SampleTime results so they are derived exactly like effbench's
 * own: the same FLOPs, ceilings, roofline and energy.
 */
public final class PeerCsv {

    private PeerCsv() {}

    public static List<BenchmarkResult> read(Path csv) throws IOException {
        List<BenchmarkResult> results = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv)) {
            for (CSVRecord r : ResultsCsv.READ.parse(in)) {
                Map<Double, Double> percentiles =
                        Map.of(
                                50.0,
                                number(r, "latency_ms_p50"),
                                90.0,
                                number(r, "latency_ms_p90"),
                                99.0,
                                number(r, "latency_ms_p99"),
                                99.9,
                                number(r, "latency_ms_p999"));
                Metric latency =
                        new Metric(
                                number(r, "latency_ms_mean"),
                                number(r, "latency_ms_error"),
                                "ms/op",
                                percentiles);
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
                                List.of(r.get("warnings")),
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

    /** The zoo model configuration the peer ran, checked as effbench's own. */
    private static InferenceConfig peerConfig(CSVRecord r) {
        return new InferenceConfig(
                ModelRef.parse(r.get("model"), ""),
                (int) number(r, "batch_size"),
                (int) number(r, "intra_op_threads"),
                0);
    }

    private static double number(CSVRecord r, String column) {
        String v = r.get(column);
        return v == null || v.isBlank() ? Double.NaN : Double.parseDouble(v);
    }
}
