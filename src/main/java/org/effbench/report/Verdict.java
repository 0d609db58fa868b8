package org.effbench.report;

import static org.effbench.base.Figures.threeDigits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.effbench.base.PercentileRule;
import org.effbench.machine.MachineProfile;
import org.effbench.sweep.LaunchSet;

/**
 * The answer first: per model, the best configuration for latency (at batch 1, and at each batch
 * size) and for throughput, each against its runner-up and said to be beyond the noise or within
 * it; the achieved GFLOP/s as a share of the machine's peak and the bound it hits; and the warnings
 * that change how far to trust it. A pure function of the derived rows and the machine.
 *
 * <p>Latency is the p99 of one forward pass (sample mode), taken through {@link #latency}: a p99
 * needs 1,000 samples (10 beyond it, the rule of {@link Percentiles}) to mean anything; a row with
 * fewer is kept out of the p99 comparison, and where no row of a batch size has enough, their p50
 * (or mean) is compared instead and the verdict says so. Where the sample count is unknown the p99
 * is used with the caveat "(n unknown)". Throughput is samples/s, measured (Throughput mode) where
 * any is, else derived from latency. Two figures differ beyond the noise when their intervals
 * (figure ± JMH's 99.9% error; for a percentile, the error of the mean, as JMH gives none for a
 * percentile) do not overlap.
 */
public final class Verdict {

    /** Samples a p99 needs, by the one rule of {@link PercentileRule} (10 of them beyond it). */
    public static final long P99_MIN_SAMPLES = PercentileRule.minSamples(99);

    /** The command that installs the allocator the forks fall back from. */
    static final String INSTALL_TCMALLOC = "apt-get install libtcmalloc-minimal4";

    /** What the verdict looks for. */
    public enum Goal {
        LATENCY(true),
        THROUGHPUT(false);

        private final boolean lowerIsBetter;

        Goal(boolean lowerIsBetter) {
            this.lowerIsBetter = lowerIsBetter;
        }
    }

    /**
     * A row's figure for one goal.
     *
     * @param metric what it is ({@code p99}, {@code p50}, {@code samples/s})
     * @param error JMH's 99.9% error; NaN when unknown
     * @param caveat what limits it, empty when nothing does
     */
    public record Figure(double value, double error, String metric, String caveat) {

        Figure withoutCaveat() {
            return new Figure(value, error, metric, "");
        }

        boolean overlaps(Figure other) {
            return Math.abs(value - other.value) <= error + other.error;
        }

        boolean noiseKnown(Figure other) {
            return !Double.isNaN(error) && !Double.isNaN(other.error);
        }

        String text() {
            boolean ms = !metric.equals("samples/s");
            String v =
                    ms
                            ? String.format(Locale.ROOT, "%s %s ms", metric, threeDigits(value))
                            : String.format(Locale.ROOT, "%s %s", threeDigits(value), metric);
            return caveat.isEmpty() ? v : v + " (" + caveat + ")";
        }
    }

    /** A configuration and its figure. */
    public record Entry(ConfigId id, DerivedRow row, Figure figure) {}

    /**
     * The best configuration for a goal within a group of rows, and the next best.
     *
     * @param scope where it was chosen ({@code batch 1}, {@code any batch})
     */
    public record Choice(Goal goal, String scope, Entry best, Optional<Entry> runnerUp) {

        /** How many times better the best is than the runner-up (at least 1); NaN without one. */
        public double ratio() {
            return runnerUp.map(
                            r ->
                                    goal.lowerIsBetter
                                            ? r.figure().value() / best.figure().value()
                                            : best.figure().value() / r.figure().value())
                    .orElse(Double.NaN);
        }

        /**
         * Whether the gap to the runner-up is beyond the noise; empty when the noise is unknown.
         */
        public Optional<Boolean> beyondNoise() {
            if (runnerUp.isEmpty() || !best.figure().noiseKnown(runnerUp.get().figure())) {
                return Optional.empty();
            }
            return Optional.of(!best.figure().overlaps(runnerUp.get().figure()));
        }

        /** The gap to the runner-up: {@code 1.09x lower than the runner-up ID (p99 0.0963 ms)}. */
        String versus() {
            if (runnerUp.isEmpty()) {
                return "the only one measured";
            }
            Entry r = runnerUp.get();
            return String.format(
                    Locale.ROOT,
                    "%sx %s than the runner-up %s (%s)",
                    threeDigits(ratio()),
                    goal.lowerIsBetter ? "lower" : "higher",
                    r.id().shortText(),
                    r.figure().caveat().equals(best.figure().caveat())
                            ? r.figure().withoutCaveat().text()
                            : r.figure().text());
        }

        /** {@code beyond the noise}, {@code within the noise}, or why it is not known. */
        String noise() {
            if (runnerUp.isEmpty()) {
                return "";
            }
            return beyondNoise()
                    .map(b -> b ? "beyond the noise" : "within the noise")
                    .orElse("noise unknown (no JMH error)");
        }

        String text() {
            StringBuilder out =
                    new StringBuilder(best.id().shortText())
                            .append(": ")
                            .append(best.figure().text())
                            .append("; ")
                            .append(versus());
            if (runnerUp.isPresent()) {
                out.append(", ").append(noise());
            }
            peak(best.row()).ifPresent(p -> out.append("; ").append(p));
            return out.toString();
        }
    }

    /** One model's verdict. */
    public record ModelVerdict(
            String model,
            List<Choice> latency,
            Optional<Choice> throughput,
            List<String> notes,
            List<String> warnings) {

        /** The latency choice at the smallest batch size measured (batch 1 in most runs). */
        public Optional<Choice> headlineLatency() {
            return latency.stream().findFirst();
        }
    }

    /** The whole verdict: per model, then what concerns the whole run. */
    public record Result(List<ModelVerdict> models, List<String> warnings) {

        public boolean isEmpty() {
            return models.isEmpty();
        }

        /** Lines for a console: a few per model. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            if (models.isEmpty()) {
                out.add("Verdict: no model configuration measured");
                return out;
            }
            out.add(
                    "Verdict (latency: lowest p99 of one pass; throughput: most samples/s;"
                            + " beyond the noise = the 99.9% intervals do not overlap):");
            for (ModelVerdict m : models) {
                out.add(m.model() + ":");
                for (Choice c : m.latency()) {
                    out.add("  latency, " + c.scope() + ": " + c.text());
                }
                if (m.latency().isEmpty()) {
                    out.add("  latency: no latency distribution measured (mode sample)");
                }
                m.throughput()
                        .ifPresentOrElse(
                                c -> out.add("  throughput, " + c.scope() + ": " + c.text()),
                                () -> out.add("  throughput: none measured"));
                m.notes().forEach(n -> out.add("  note: " + n));
                m.warnings().forEach(w -> out.add("  warning: " + w));
            }
            warnings.forEach(w -> out.add("warning: " + w));
            return out;
        }

        public String text() {
            return String.join(System.lineSeparator(), lines()) + System.lineSeparator();
        }
    }

    private Verdict() {}

    /** The verdict of the model rows of a run; the sample count comes from {@link #samples}. */
    public static Result of(List<DerivedRow> rows, Optional<MachineProfile> machine) {
        return of(rows, machine, Verdict::samples);
    }

    /**
     * @param samples a row's sample count; negative when unknown
     */
    static Result of(
            List<DerivedRow> rows,
            Optional<MachineProfile> machine,
            ToLongFunction<DerivedRow> samples) {
        Map<String, List<DerivedRow>> byModel = new LinkedHashMap<>();
        for (DerivedRow r : rows) {
            if (!r.text(Column.MODEL).isEmpty()) {
                byModel.computeIfAbsent(r.text(Column.MODEL), m -> new ArrayList<>()).add(r);
            }
        }
        List<ModelVerdict> models = new ArrayList<>();
        byModel.forEach((model, own) -> models.add(model(model, own, machine, samples)));
        return new Result(models, runWarnings(rows));
    }

    /** A row's sample count ({@code latency_n}); negative when the row does not carry it. */
    static long samples(DerivedRow row) {
        double n = row.number(Column.LATENCY_N);
        return Double.isNaN(n) ? -1 : (long) n;
    }

    /**
     * The latency figure of a sample-mode row: its p99, with the caveat "n unknown" when its sample
     * count is unknown; empty when it has none or too few samples for it.
     */
    static Optional<Figure> latency(DerivedRow r, long n) {
        double p99 = r.number(Column.LATENCY_MS_P99);
        if (!r.text(Column.JMH_MODE).equals("sample") || Double.isNaN(p99)) {
            return Optional.empty();
        }
        if (n >= 0 && !PercentileRule.supported(n, 99)) {
            return Optional.empty();
        }
        return Optional.of(
                new Figure(
                        p99, r.number(Column.LATENCY_MS_ERROR), "p99", n < 0 ? "n unknown" : ""));
    }

    /** The figure compared where no row of a batch size has a valid p99: p50, else the mean. */
    static Optional<Figure> fallbackLatency(DerivedRow r, long n) {
        if (!r.text(Column.JMH_MODE).equals("sample")) {
            return Optional.empty();
        }
        String why = "p99 not supported by n=" + n + "; p50 compared";
        double p50 = r.number(Column.LATENCY_MS_P50);
        double error = r.number(Column.LATENCY_MS_ERROR);
        if (!Double.isNaN(p50)) {
            return Optional.of(new Figure(p50, error, "p50", why));
        }
        double mean = r.number(Column.LATENCY_MS_MEAN);
        return Double.isNaN(mean)
                ? Optional.empty()
                : Optional.of(new Figure(mean, error, "mean", why.replace("p50", "the mean")));
    }

    private static ModelVerdict model(
            String model,
            List<DerivedRow> rows,
            Optional<MachineProfile> machine,
            ToLongFunction<DerivedRow> samples) {
        List<String> notes = new ArrayList<>();
        List<Choice> latency = new ArrayList<>();
        Map<Integer, List<DerivedRow>> byBatch = new TreeMap<>();
        for (DerivedRow r : rows) {
            byBatch.computeIfAbsent((int) r.number(Column.BATCH_SIZE), b -> new ArrayList<>())
                    .add(r);
        }
        byBatch.forEach(
                (batch, own) -> {
                    List<Entry> valid = new ArrayList<>();
                    List<String> kept = new ArrayList<>();
                    for (DerivedRow r : own) {
                        long n = samples.applyAsLong(r);
                        Optional<Figure> f = latency(r, n);
                        if (f.isPresent()) {
                            valid.add(new Entry(ConfigId.of(r), r, f.get()));
                        } else if (r.text(Column.JMH_MODE).equals("sample")
                                && !Double.isNaN(r.number(Column.LATENCY_MS_P99))) {
                            kept.add(ConfigId.of(r).shortText() + " (n=" + n + ")");
                        }
                    }
                    if (valid.isEmpty()) {
                        for (DerivedRow r : own) {
                            fallbackLatency(r, samples.applyAsLong(r))
                                    .ifPresent(f -> valid.add(new Entry(ConfigId.of(r), r, f)));
                        }
                    } else if (!kept.isEmpty()) {
                        notes.add(
                                "batch "
                                        + batch
                                        + ": kept out of the p99 comparison, too few samples for a"
                                        + " p99 (fewer than "
                                        + P99_MIN_SAMPLES
                                        + "): "
                                        + String.join(", ", kept));
                    }
                    choose(Goal.LATENCY, "batch " + batch, valid).ifPresent(latency::add);
                });
        List<Entry> measured = new ArrayList<>();
        List<Entry> derived = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (DerivedRow r : rows) {
            double s = r.number(Column.THROUGHPUT_SAMPLES_PER_S);
            if (!(s > 0)) {
                continue;
            }
            if (implausible(r)) {
                warnings.add(
                        "throughput of "
                                + ConfigId.of(r).shortText()
                                + " is implausible (its latency mode cannot explain it): left out");
                continue;
            }
            boolean isMeasured = r.text(Column.THROUGHPUT_SOURCE).equals("measured");
            Figure f =
                    new Figure(
                            s,
                            isMeasured
                                    ? r.number(Column.THROUGHPUT_SAMPLES_PER_S_ERROR)
                                    : Double.NaN,
                            "samples/s",
                            isMeasured ? "" : "derived from latency");
            (isMeasured ? measured : derived).add(new Entry(ConfigId.of(r), r, f));
        }
        Optional<Choice> throughput =
                choose(Goal.THROUGHPUT, "any batch", measured.isEmpty() ? derived : measured);
        warnings.addAll(rowWarnings(rows, machine));
        return new ModelVerdict(model, latency, throughput, notes, warnings);
    }

    private static Optional<Choice> choose(Goal goal, String scope, List<Entry> entries) {
        Comparator<Entry> order = Comparator.comparingDouble(e -> e.figure().value());
        List<Entry> sorted =
                entries.stream().sorted(goal.lowerIsBetter ? order : order.reversed()).toList();
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Choice(
                        goal,
                        scope,
                        sorted.get(0),
                        sorted.size() > 1 ? Optional.of(sorted.get(1)) : Optional.empty()));
    }

    /** Achieved GFLOP/s, its share of the peak and the bound, as far as the row has them. */
    static Optional<String> peak(DerivedRow r) {
        double gflops = r.number(Column.ACHIEVED_GFLOPS);
        if (Double.isNaN(gflops)) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(threeDigits(gflops)).append(" GFLOP/s");
        double pct = r.number(Column.PCT_OF_PEAK);
        if (!Double.isNaN(pct)) {
            out.append(String.format(Locale.ROOT, " = %.1f%% of peak", pct));
        }
        if (!r.text(Column.BOUND).isEmpty()) {
            out.append(", ").append(r.text(Column.BOUND)).append("-bound");
        }
        return Optional.of(out.toString());
    }

    private static boolean implausible(DerivedRow r) {
        return r.warnings().stream().anyMatch(w -> w.startsWith("implausible"));
    }

    /** More callers than cores, and points above their roof. */
    private static List<String> rowWarnings(
            List<DerivedRow> rows, Optional<MachineProfile> machine) {
        List<String> out = new ArrayList<>();
        List<String> crowded = new ArrayList<>();
        int cores = 0;
        for (DerivedRow r : rows) {
            int c =
                    machine.map(MachineProfile::cores)
                            .orElse((int) Math.max(0, r.number(Column.CORES)));
            if (c > 0 && r.number(Column.CALLERS) > c) {
                crowded.add(ConfigId.of(r).shortText());
                cores = c;
            }
            double pct = r.number(Column.PCT_OF_PEAK);
            double overPredicted = r.number(Column.MEASURED_OVER_PREDICTED);
            if (pct > 100 || overPredicted < 1) {
                out.add(
                        ConfigId.of(r).shortText()
                                + " is above its roof ("
                                + (pct > 100
                                        ? String.format(Locale.ROOT, "%.0f%% of peak", pct)
                                        : String.format(
                                                Locale.ROOT,
                                                "%.2fx the roofline's predicted latency",
                                                overPredicted))
                                + "): the peak was measured below what these kernels reach,"
                                + " or the bytes moved are overcounted (weights staying in cache)");
            }
        }
        if (!crowded.isEmpty()) {
            out.add(
                    "more callers than the "
                            + cores
                            + " cores (latency includes waiting for a core): "
                            + String.join(", ", crowded));
        }
        return out;
    }

    /** A default launch set that fell back to glibc because tcmalloc is not installed. */
    private static List<String> runWarnings(List<DerivedRow> rows) {
        boolean fellBack =
                rows.stream()
                        .anyMatch(
                                r ->
                                        (r.text(Column.LAUNCH).isEmpty()
                                                        || r.text(Column.LAUNCH)
                                                                .equals(LaunchSet.DEFAULT))
                                                && r.text(Column.LAUNCH_SETTINGS)
                                                        .contains("allocator=glibc-tuned"));
        return fellBack
                ? List.of(
                        "the forks ran on glibc malloc (allocator=glibc-tuned): tcmalloc is not"
                                + " installed, and libtorch's allocation pattern runs up to 2.6x"
                                + " faster on it; install it with `"
                                + INSTALL_TCMALLOC
                                + "` and run again")
                : List.of();
    }
}
