package org.effbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.effbench.bench.InferenceBenchmark;

/**
 * effbench next to a peer framework on the same configuration (model, batch, threads, callers),
 * both from SampleTime-style latency measured in the same run folder: the ratio is the peer's mean
 * latency over effbench's, so above 1 effbench is faster (its throughput is higher by that factor).
 */
public final class PeerComparison {

    /** One configuration measured by both. */
    public record Line(
            String model,
            String batch,
            String threads,
            String callers,
            double effbenchMs,
            double effbenchError,
            double peerMs,
            double peerError,
            String peer,
            double ratio,
            double achievedGflops,
            double pctOfPeak) {}

    private PeerComparison() {}

    public static List<Line> lines(List<DerivedRow> rows) {
        List<Line> lines = new ArrayList<>();
        for (DerivedRow peer : rows) {
            if (!peer.text(Column.BENCHMARK).startsWith("PyTorchPeer")) {
                continue;
            }
            Optional<DerivedRow> own =
                    rows.stream()
                            .filter(
                                    r ->
                                            r.text(Column.BENCHMARK)
                                                            .equals(InferenceBenchmark.SHORT_NAME)
                                                    && r.text(Column.JMH_MODE).equals("sample")
                                                    && sameConfiguration(r, peer))
                            .findFirst();
            own.ifPresent(
                    r ->
                            lines.add(
                                    new Line(
                                            peer.text(Column.MODEL),
                                            peer.text(Column.BATCH_SIZE),
                                            peer.text(Column.INTRA_OP_THREADS),
                                            peer.text(Column.CALLERS),
                                            r.number(Column.LATENCY_MS_MEAN),
                                            r.number(Column.LATENCY_MS_ERROR),
                                            peer.number(Column.LATENCY_MS_MEAN),
                                            peer.number(Column.LATENCY_MS_ERROR),
                                            peer.text(Column.BENCHMARK),
                                            peer.number(Column.LATENCY_MS_MEAN)
                                                    / r.number(Column.LATENCY_MS_MEAN),
                                            r.number(Column.ACHIEVED_GFLOPS),
                                            r.number(Column.PCT_OF_PEAK))));
        }
        return lines;
    }

    public static String table(List<Line> lines) {
        StringBuilder out =
                new StringBuilder(
                        "| model | batch | threads | effbench ms | PyTorch ms | PyTorch/effbench "
                                + "| effbench GFLOP/s | % of FMA peak |\n|---|---|---|---|---|---|---|---|\n");
        for (Line l : lines) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %.2f ± %.2f | %.2f ± %.2f | %.2f | %.1f | %.1f |%n",
                            l.model(),
                            l.batch(),
                            l.threads(),
                            l.effbenchMs(),
                            l.effbenchError(),
                            l.peerMs(),
                            l.peerError(),
                            l.ratio(),
                            l.achievedGflops(),
                            l.pctOfPeak()));
        }
        return out.toString();
    }

    /** The same parameters and callers ({@link ConfigId}); the benchmark and launch set differ. */
    private static boolean sameConfiguration(DerivedRow a, DerivedRow b) {
        ConfigId x = ConfigId.of(a);
        ConfigId y = ConfigId.of(b);
        return x.params().equals(y.params()) && x.callers() == y.callers();
    }
}
