package org.effbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.effbench.bench.InferenceBenchmark;

/**
 * effbench next to a peer framework on the same configuration (model, batch, threads, callers),
 * both from SampleTime-style latency measured in the same run folder: the ratio is the peer's mean
 * latency over effbench's, so above 1 effbench is faster (its throughput is higher by that factor).
 * Its interval runs from the lowest to the highest ratio the two means' 99.9% error intervals
 * allow, so a ratio is beyond the error exactly when the two intervals do not overlap (the test the
 * verdict uses elsewhere); in a sweep with rounds, each round's pair of runs gives a ratio, the
 * line's is their geometric mean and the interval also covers their spread ({@link
 * Verdict.Speedup}). Lines are grouped by precision: the dtype counted for effbench's row (fp32 for
 * the zoo; a variant file's own, which the peer ran too).
 */
public final class PeerComparison {

    /** What a line says about effbench against the peer. */
    public enum Judgement {
        FASTER("effbench faster"),
        WITHIN("within the error"),
        SLOWER("effbench slower beyond the error"),
        UNKNOWN("no error interval");

        private final String label;

        Judgement(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One configuration measured by both.
     *
     * @param speedup the peer's mean latency against effbench's (> 1: effbench faster), with its
     *     interval; over rounds, each round's effbench fork paired with the peer run right after it
     *     ({@link Verdict.Speedup}, the one owner of such ratios)
     */
    public record Line(
            String precision,
            String model,
            String batch,
            String threads,
            String callers,
            double effbenchMs,
            double effbenchError,
            double peerMs,
            double peerError,
            String peer,
            Verdict.Speedup speedup,
            double achievedGflops,
            double pctOfPeak) {

        /** The precision as the table and the summary show it: {@code ?} when not counted. */
        public String precisionLabel() {
            return precision.isEmpty() ? "?" : precision;
        }

        /** The peer's mean latency over effbench's: above 1 effbench is faster. */
        public double ratio() {
            return speedup.value();
        }

        /** The interval's low end: the lowest ratio the two error intervals (and rounds) allow. */
        public double ratioLow() {
            return speedup.low();
        }

        /** Its high end; infinite if effbench's interval reaches 0. */
        public double ratioHigh() {
            return speedup.high();
        }

        public Judgement judgement() {
            return speedup.beyondNoise()
                    .map(
                            beyond ->
                                    !beyond
                                            ? Judgement.WITHIN
                                            : ratioLow() > 1 ? Judgement.FASTER : Judgement.SLOWER)
                    .orElse(Judgement.UNKNOWN);
        }
    }

    /** The precisions in the order the table shows them; any other after these, by name. */
    private static final List<String> PRECISION_ORDER = List.of("fp32", "bf16", "fp16", "int8");

    private PeerComparison() {}

    /** Whether a row is the peer's (its own table), not effbench's. */
    public static boolean isPeer(DerivedRow r) {
        return r.text(Column.BENCHMARK).startsWith("PyTorchPeer");
    }

    /** Every configuration both measured, grouped by precision (stable within each). */
    public static List<Line> lines(List<DerivedRow> rows) {
        List<Line> lines = new ArrayList<>();
        for (DerivedRow peer : rows) {
            if (!isPeer(peer)) {
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
                                            r.text(Column.DTYPE),
                                            modelLabel(peer),
                                            peer.text(Column.BATCH_SIZE),
                                            peer.text(Column.INTRA_OP_THREADS),
                                            peer.text(Column.CALLERS),
                                            r.number(Column.LATENCY_MS_MEAN),
                                            r.number(Column.LATENCY_MS_ERROR),
                                            peer.number(Column.LATENCY_MS_MEAN),
                                            peer.number(Column.LATENCY_MS_ERROR),
                                            peer.text(Column.BENCHMARK),
                                            Verdict.Speedup.of(
                                                    Verdict.Goal.LATENCY,
                                                    meanLatency(peer),
                                                    meanLatency(r)),
                                            r.number(Column.ACHIEVED_GFLOPS),
                                            r.number(Column.PCT_OF_PEAK))));
        }
        lines.sort(Comparator.comparing(Line::precision, PeerComparison::comparePrecisions));
        return lines;
    }

    /** A row's mean latency with its error, and each of its rounds' own. */
    private static Verdict.Figure meanLatency(DerivedRow r) {
        return new Verdict.Figure(
                        r.number(Column.LATENCY_MS_MEAN),
                        r.number(Column.LATENCY_MS_ERROR),
                        "mean",
                        "")
                .inRounds(r, x -> x.number(Column.LATENCY_MS_MEAN));
    }

    private static int comparePrecisions(String a, String b) {
        int x = rank(a);
        int y = rank(b);
        return x != y ? Integer.compare(x, y) : x < PRECISION_ORDER.size() ? 0 : a.compareTo(b);
    }

    private static int rank(String precision) {
        int i = PRECISION_ORDER.indexOf(precision);
        return i < 0 ? PRECISION_ORDER.size() : i;
    }

    /** The table's column headings, for the console and the report alike. */
    public static final List<String> HEADINGS =
            List.of(
                    "precision",
                    "model",
                    "batch",
                    "threads",
                    "effbench ms",
                    "PyTorch ms",
                    "PyTorch/effbench",
                    "interval",
                    "judgement",
                    "effbench GFLOP/s",
                    "% of FMA peak");

    /** A line's cells, in the order of {@link #HEADINGS}. */
    public static List<String> cells(Line l) {
        return List.of(
                l.precisionLabel(),
                l.model(),
                l.batch(),
                l.threads(),
                String.format(Locale.ROOT, "%.2f ± %.2f", l.effbenchMs(), l.effbenchError()),
                String.format(Locale.ROOT, "%.2f ± %.2f", l.peerMs(), l.peerError()),
                String.format(Locale.ROOT, "%.2f", l.ratio()),
                l.judgement() == Judgement.UNKNOWN
                        ? "-"
                        : String.format(Locale.ROOT, "%.2f-%.2f", l.ratioLow(), l.ratioHigh())
                                + (l.speedup().rounds() > 0
                                        ? " over " + l.speedup().rounds() + " rounds"
                                        : ""),
                l.judgement().label(),
                orDash(l.achievedGflops()),
                // no peak measured in the run: no share of it
                orDash(l.pctOfPeak()));
    }

    private static String orDash(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    public static String table(List<Line> lines) {
        StringBuilder out =
                new StringBuilder("| ")
                        .append(String.join(" | ", HEADINGS))
                        .append(" |\n|")
                        .append("---|".repeat(HEADINGS.size()))
                        .append('\n');
        for (Line l : lines) {
            out.append("| ").append(String.join(" | ", cells(l))).append(" |\n");
        }
        return out.toString();
    }

    /**
     * The count of each judgement per precision: {@code against Python PyTorch (PyTorch's mean
     * latency over effbench's, 99.9% intervals): fp32 10 effbench faster, 3 within the error, 3
     * effbench slower beyond the error; bf16 ...}; empty without a peer.
     */
    public static Optional<String> summary(List<Line> lines) {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<Judgement, Integer>> counts = new LinkedHashMap<>();
        for (Line l : lines) {
            counts.computeIfAbsent(l.precisionLabel(), p -> new EnumMap<>(Judgement.class))
                    .merge(l.judgement(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach(
                (precision, c) ->
                        parts.add(
                                precision
                                        + " "
                                        + c.entrySet().stream()
                                                .map(e -> e.getValue() + " " + e.getKey().label())
                                                .collect(Collectors.joining(", "))));
        return Optional.of(
                "against Python PyTorch (its mean latency over effbench's, each with its 99.9%"
                        + " error; "
                        + lines.size()
                        + " configurations): "
                        + String.join("; ", parts));
    }

    /**
     * The model, with the launch set in brackets when the peer's row names one other than {@code
     * default} (a definition with several launch sets has a line for each).
     */
    private static String modelLabel(DerivedRow peer) {
        String launch = peer.text(Column.LAUNCH);
        return peer.text(Column.MODEL)
                + (launch.isEmpty() || launch.equals("default") ? "" : " [" + launch + "]");
    }

    /**
     * The same parameters and callers ({@link ConfigId}), and the same launch set when the peer's
     * row names the fork's (a peer row written before it did pairs with the first fork).
     */
    private static boolean sameConfiguration(DerivedRow own, DerivedRow peer) {
        ConfigId x = ConfigId.of(own);
        ConfigId y = ConfigId.of(peer);
        String launch = peer.text(Column.LAUNCH);
        return x.params().equals(y.params())
                && x.callers() == y.callers()
                && (launch.isEmpty() || launch.equals(own.text(Column.LAUNCH)));
    }
}
