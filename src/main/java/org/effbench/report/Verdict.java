package org.effbench.report;

import static org.effbench.base.Figures.threeDigits;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.effbench.base.PercentileRule;
import org.effbench.jmh.Rounds;
import org.effbench.launch.Allocator;
import org.effbench.launch.MeasuredCost;
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
 * percentile) do not overlap; for rows pooled from rounds, the error covers the spread between the
 * rounds, and a ratio between two such rows is judged by its per-round ratios ({@link Speedup}).
 *
 * <p>Energy is the throughput best's energy per sample, measured or estimated as its row says, with
 * its CO2; the op-level figure comes only as its lower bound. A run with no energy figure says why
 * once.
 *
 * <p>Serve rows ({@link ServeRows}) never take part in the latency or throughput pick: a request
 * under open-loop load and a forward pass in a closed loop are different figures. They have their
 * own verdict per model, the best serving layout's capacity ({@link ServeVerdict}).
 */
public final class Verdict {

    /** Samples a p99 needs, by the one rule of {@link PercentileRule} (10 of them beyond it). */
    public static final long P99_MIN_SAMPLES = PercentileRule.minSamples(99);

    /** What a model's serving line is about. */
    static final String SERVING = "serving capacity (open loop)";

    /** What a model's energy line is about. */
    static final String ENERGY = "energy, at the throughput best";

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

        /** {@code latency}, {@code throughput}: how a report names the goal. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A row's figure for one goal.
     *
     * @param metric what it is ({@code p99}, {@code p50}, {@code samples/s})
     * @param error JMH's 99.9% error; NaN when unknown
     * @param caveat what limits it, empty when nothing does
     * @param rounds the same figure of each round pooled into the row, by round; empty for a row
     *     measured once
     */
    public record Figure(
            double value,
            double error,
            String metric,
            String caveat,
            SortedMap<Integer, Double> rounds) {

        public Figure {
            rounds = Collections.unmodifiableSortedMap(new TreeMap<>(rounds));
        }

        /** A figure of a row measured once. */
        public Figure(double value, double error, String metric, String caveat) {
            this(value, error, metric, caveat, Collections.emptySortedMap());
        }

        /** The same figure with each of {@code row}'s rounds' own, {@code of} each round's row. */
        Figure inRounds(DerivedRow row, ToDoubleFunction<DerivedRow> of) {
            SortedMap<Integer, Double> own = new TreeMap<>();
            row.rounds()
                    .forEach(
                            (round, r) -> {
                                double v = of.applyAsDouble(r);
                                if (v > 0) {
                                    own.put(round, v);
                                }
                            });
            return new Figure(value, error, metric, caveat, own);
        }

        Figure withoutCaveat() {
            return new Figure(value, error, metric, "", rounds);
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
     * An option against a baseline on one figure: the one place that says how much better and
     * whether beyond the noise (the launch sets of tune, the variants of {@link VariantTuning}, the
     * verdict's runner-up, effbench against a peer in {@link PeerComparison}).
     *
     * <p>The interval runs from the lowest to the highest ratio the two figures' 99.9% intervals
     * allow; the ratio is beyond the noise when it leaves out 1, which is exactly when the two
     * intervals do not overlap. When both figures were measured in the same rounds (at least two),
     * each round's pair gives a ratio of its own (the two ran minutes apart, in the same state of
     * the machine): the value is then their geometric mean, and the interval the 99.9% Student-t
     * interval of their logarithms, exp(mean ± t(0.9995, N - 1) x sd / root N). A ratio that flips
     * between forks is then not called beyond the noise, and a steady one is: each round's ratio
     * already carries its forks' own noise, while a pooled figure's error also carries the drift of
     * the machine between rounds, which both sides of a round share and the pairing cancels.
     *
     * @param value how many times better (> 1: the option is better): the baseline's figure over
     *     the option's for a time, the option's over the baseline's for a rate
     * @param error the ratio's 99.9% error, propagated from the two figures' relative errors (value
     *     x the root of the sum of their squares); NaN when either is unknown
     * @param low the interval's low end; NaN when the noise is unknown
     * @param high its high end, infinite when a figure's interval reaches 0; NaN when unknown
     * @param rounds the rounds paired; 0 when the figures were not measured in rounds, or gave the
     *     same ratio in every round (the figures' own intervals judge then)
     */
    public record Speedup(double value, double error, double low, double high, int rounds) {

        public static Speedup of(Goal goal, Figure base, Figure option) {
            Figure num = goal.lowerIsBetter ? base : option;
            Figure den = goal.lowerIsBetter ? option : base;
            double ratio = num.value() / den.value();
            double error =
                    ratio
                            * Math.hypot(
                                    base.error() / base.value(), option.error() / option.value());
            List<Double> logs = new ArrayList<>();
            num.rounds()
                    .forEach(
                            (round, n) -> {
                                Double d = den.rounds().get(round);
                                if (d != null) {
                                    logs.add(Math.log(n / d));
                                }
                            });
            double half = logs.size() >= 2 ? Rounds.tHalfWidth(logs) : Double.NaN;
            if (half > 0) {
                double mean =
                        logs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                return new Speedup(
                        Math.exp(mean),
                        error,
                        Math.exp(mean - half),
                        Math.exp(mean + half),
                        logs.size());
            }
            // no rounds, or the same ratio in every round, which says nothing of the spread: the
            // two figures' own intervals judge
            double low = Double.NaN;
            double high = Double.NaN;
            if (base.noiseKnown(option)) {
                // a ratio of two positive figures is never below 0
                low = Math.max(0, (num.value() - num.error()) / (den.value() + den.error()));
                double denLow = den.value() - den.error();
                high = denLow > 0 ? (num.value() + num.error()) / denLow : Double.POSITIVE_INFINITY;
            }
            return new Speedup(ratio, error, low, high, 0);
        }

        /** Whether the interval leaves out 1; empty when the noise is unknown. */
        public Optional<Boolean> beyondNoise() {
            if (Double.isNaN(low) || Double.isNaN(high)) {
                return Optional.empty();
            }
            return Optional.of(low > 1 || high < 1);
        }

        /**
         * {@code 1.23x ± 0.0400, beyond the noise}; over rounds {@code 1.23x (1.10-1.35 over 4
         * rounds), within the noise}.
         */
        String text() {
            String spread =
                    rounds > 0
                            ? " ("
                                    + threeDigits(low)
                                    + "-"
                                    + threeDigits(high)
                                    + " over "
                                    + rounds
                                    + " rounds)"
                            : Double.isNaN(error) ? "" : " ± " + threeDigits(error);
            return threeDigits(value)
                    + "x"
                    + spread
                    + ", "
                    + beyondNoise()
                            .map(b -> b ? "beyond the noise" : "within the noise")
                            .orElse("noise unknown (no JMH error)");
        }
    }

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
            return runnerUp.flatMap(r -> Speedup.of(goal, r.figure(), best.figure()).beyondNoise());
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

    /**
     * One goal's ratios of a launch set against the baseline over the configurations both measured
     * (ratio > 1: the launch set is better).
     *
     * @param geomean geometric mean of the ratios
     * @param better configurations where it is better beyond the noise
     * @param worse configurations where it is worse beyond the noise
     * @param metric what was compared ({@code p99}, {@code p50} where a p99 was not supported,
     *     {@code samples/s})
     */
    public record Ratios(
            double geomean, double min, double max, int better, int worse, int n, String metric) {

        String text() {
            String range =
                    n == 1
                            ? ""
                            : " (" + threeDigits(min) + "-" + threeDigits(max) + " over " + n + ")";
            return String.format(
                    Locale.ROOT,
                    "%s %sx%s, %d better and %d worse beyond the noise",
                    metric,
                    threeDigits(geomean),
                    range,
                    better,
                    worse);
        }
    }

    /** A launch set against the run's baseline launch set, configuration by configuration. */
    public record LaunchRatio(
            String launch, Optional<Ratios> latency, Optional<Ratios> throughput) {

        String text() {
            List<String> parts = new ArrayList<>();
            latency.ifPresent(r -> parts.add("latency " + r.text()));
            throughput.ifPresent(r -> parts.add("throughput " + r.text()));
            return launch
                    + ": "
                    + (parts.isEmpty()
                            ? "no configuration measured by both"
                            : String.join("; ", parts));
        }
    }

    /**
     * One model's verdict.
     *
     * @param energy the throughput best's energy per sample, CO2 and op-level lower bound; empty
     *     when it has no energy figure
     * @param baseline the launch set the others are compared with; empty when the run had one
     * @param launches every other launch set against the baseline, best latency first
     * @param serving the serving capacity's verdict per bound; empty without serve rows
     */
    public record ModelVerdict(
            String model,
            List<Choice> latency,
            Optional<Choice> throughput,
            Optional<String> energy,
            List<String> notes,
            List<String> warnings,
            String baseline,
            List<LaunchRatio> launches,
            List<ServeVerdict.Serving> serving) {

        /** Whether the model has JMH rows (not only serve rows). */
        boolean measuredByJmh() {
            return !latency.isEmpty() || throughput.isPresent() || serving.isEmpty();
        }

        /** The latency choice at the smallest batch size measured (batch 1 in most runs). */
        public Optional<Choice> headlineLatency() {
            return latency.stream().findFirst();
        }
    }

    /**
     * The whole verdict: per model, then what concerns the whole run.
     *
     * @param variants a tune run's variants of one model against its fp32 file; empty otherwise
     */
    public record Result(
            List<ModelVerdict> models,
            List<String> notes,
            List<String> warnings,
            Optional<VariantTuning> variants) {

        public Result(List<ModelVerdict> models, List<String> notes, List<String> warnings) {
            this(models, notes, warnings, Optional.empty());
        }

        /** The same verdict with a tune run's variant comparison. */
        public Result withVariants(Optional<VariantTuning> tuning) {
            return new Result(models, notes, warnings, tuning);
        }

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
                if (m.measuredByJmh()) {
                    if (m.latency().isEmpty()) {
                        out.add("  latency: no latency distribution measured (mode sample)");
                    }
                    m.throughput()
                            .ifPresentOrElse(
                                    c -> out.add("  throughput, " + c.scope() + ": " + c.text()),
                                    () -> out.add("  throughput: none measured"));
                }
                for (ServeVerdict.Serving s : m.serving()) {
                    out.add("  " + SERVING + ", " + s.line());
                    ServeVerdict.Layout best = s.layouts().get(0);
                    if (best.hasCapacity() && best.layout().maxBatch() > 1) {
                        String e = best.batchEfficiency();
                        if (!e.isEmpty()) {
                            out.add("    batching at its capacity: " + e);
                        }
                    }
                }
                m.energy().ifPresent(e -> out.add("  " + ENERGY + ": " + e));
                if (!m.launches().isEmpty()) {
                    out.add("  " + launchHeading(m.baseline()));
                    m.launches().forEach(l -> out.add("    " + l.text()));
                }
                m.notes().forEach(n -> out.add("  note: " + n));
                m.warnings().forEach(w -> out.add("  warning: " + w));
            }
            variants.ifPresent(v -> out.addAll(v.lines()));
            notes.forEach(n -> out.add("note: " + n));
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
        // serve rows have a verdict of their own: they never compete with JMH rows; nor do the
        // peer's, which its table compares with effbench's
        Map<String, List<DerivedRow>> byModel = new LinkedHashMap<>();
        Map<String, List<DerivedRow>> served = new LinkedHashMap<>();
        for (DerivedRow r : rows) {
            if (!r.text(Column.MODEL).isEmpty() && !PeerComparison.isPeer(r)) {
                byModel.computeIfAbsent(r.text(Column.MODEL), m -> new ArrayList<>());
                served.computeIfAbsent(r.text(Column.MODEL), m -> new ArrayList<>());
                (ServeRows.is(r) ? served : byModel).get(r.text(Column.MODEL)).add(r);
            }
        }
        List<ModelVerdict> models = new ArrayList<>();
        byModel.forEach(
                (model, own) ->
                        models.add(
                                model(
                                        model,
                                        own,
                                        machine,
                                        samples,
                                        ServeVerdict.of(served.get(model), own))));
        List<String> warnings = new ArrayList<>(runWarnings(rows));
        noEnergy(rows).ifPresent(warnings::add);
        List<String> notes = new ArrayList<>(co2Note(models, rows));
        PeerComparison.summary(PeerComparison.lines(rows)).ifPresent(notes::add);
        return new Result(models, notes, warnings);
    }

    /**
     * A row's energy per sample with its CO2 and source, then the op-level lower bound: {@code
     * 0.348 mJ/sample, 4.59e-05 g CO2e per 1,000 samples (estimated: ...); op-level lower bound
     * 0.221 mJ/sample}; empty when the row has no energy figure.
     */
    static Optional<String> energy(DerivedRow r) {
        double joules = r.number(Column.ENERGY_J_PER_SAMPLE);
        if (Double.isNaN(joules)) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(threeDigits(joules * 1e3)).append(" mJ/sample");
        double co2 = r.number(Column.CO2_G_PER_1000_SAMPLES);
        if (!Double.isNaN(co2)) {
            out.append(", ").append(threeDigits(co2)).append(" g CO2e per 1,000 samples");
        }
        out.append(" (").append(r.text(Column.ENERGY_SOURCE)).append(")");
        double op = r.number(Column.ENERGY_OP_J_PER_SAMPLE);
        if (!Double.isNaN(op)) {
            out.append("; op-level lower bound ")
                    .append(threeDigits(op * 1e3))
                    .append(" mJ/sample (arithmetic and DRAM traffic only)");
        }
        return Optional.of(out.toString());
    }

    /** The grid intensity the CO2 figures use, once for the run. */
    private static List<String> co2Note(List<ModelVerdict> models, List<DerivedRow> rows) {
        if (models.stream().allMatch(m -> m.energy().isEmpty())) {
            return List.of();
        }
        return rows.stream()
                .map(r -> r.text(Column.CO2_SOURCE))
                .filter(t -> !t.isEmpty())
                .findFirst()
                .map(t -> List.of("CO2e at " + t))
                .orElse(List.of());
    }

    /** Why the run has no energy figure, once, when no model row has one. */
    private static Optional<String> noEnergy(List<DerivedRow> rows) {
        List<DerivedRow> model =
                rows.stream().filter(r -> !r.text(Column.MODEL).isEmpty()).toList();
        if (model.stream().anyMatch(r -> !Double.isNaN(r.number(Column.ENERGY_J_PER_SAMPLE)))) {
            return Optional.empty();
        }
        return model.stream()
                .map(r -> r.text(Column.ENERGY_SOURCE))
                .filter(t -> t.startsWith("none: "))
                .findFirst()
                .map(t -> "no energy figure: " + t.substring("none: ".length()));
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
                new Figure(p99, r.number(Column.LATENCY_MS_ERROR), "p99", n < 0 ? "n unknown" : "")
                        .inRounds(r, x -> x.number(Column.LATENCY_MS_P99)));
    }

    /** The figure compared where no row of a batch size has a valid p99: p50, else the mean. */
    static Optional<Figure> fallbackLatency(DerivedRow r, long n) {
        if (!r.text(Column.JMH_MODE).equals("sample")) {
            return Optional.empty();
        }
        String why = String.format(Locale.ROOT, "n=%d, a p99 needs %,d", n, P99_MIN_SAMPLES);
        double p50 = r.number(Column.LATENCY_MS_P50);
        double error = r.number(Column.LATENCY_MS_ERROR);
        if (!Double.isNaN(p50)) {
            return Optional.of(
                    new Figure(p50, error, "p50", why)
                            .inRounds(r, x -> x.number(Column.LATENCY_MS_P50)));
        }
        double mean = r.number(Column.LATENCY_MS_MEAN);
        return Double.isNaN(mean)
                ? Optional.empty()
                : Optional.of(
                        new Figure(mean, error, "mean", why)
                                .inRounds(r, x -> x.number(Column.LATENCY_MS_MEAN)));
    }

    private static ModelVerdict model(
            String model,
            List<DerivedRow> rows,
            Optional<MachineProfile> machine,
            ToLongFunction<DerivedRow> samples,
            List<ServeVerdict.Serving> serving) {
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
            Figure f = throughput(r).orElseThrow();
            boolean isMeasured = f.caveat().isEmpty();
            (isMeasured ? measured : derived).add(new Entry(ConfigId.of(r), r, f));
        }
        Optional<Choice> throughput =
                choose(Goal.THROUGHPUT, "any batch", measured.isEmpty() ? derived : measured);
        warnings.addAll(rowWarnings(rows, machine));
        String baseline = baseline(rows);
        return new ModelVerdict(
                model,
                latency,
                throughput,
                throughput.flatMap(c -> energy(c.best().row())),
                notes,
                warnings,
                baseline,
                baseline.isEmpty() ? List.of() : launches(rows, baseline, samples),
                serving);
    }

    /** The heading of the launch-set comparison. */
    static String launchHeading(String baseline) {
        return "launch sets against '"
                + baseline
                + "' (ratio > 1: better; geometric mean over the configurations both measured):";
    }

    /**
     * The launch set the others are compared with: {@code default} when the run has it, else the
     * first one met; empty when the rows have fewer than two launch sets.
     */
    static String baseline(List<DerivedRow> rows) {
        List<String> launches = rows.stream().map(r -> r.text(Column.LAUNCH)).distinct().toList();
        if (launches.size() < 2 || launches.contains("")) {
            return "";
        }
        return launches.contains(LaunchSet.DEFAULT) ? LaunchSet.DEFAULT : launches.get(0);
    }

    /**
     * Every launch set but the baseline, matched configuration by configuration (same benchmark,
     * parameters, mode and callers): p99 where both rows support one, else p50; samples/s where
     * both measured it.
     */
    private static List<LaunchRatio> launches(
            List<DerivedRow> rows, String baseline, ToLongFunction<DerivedRow> samples) {
        Map<ConfigId, DerivedRow> base = new LinkedHashMap<>();
        Map<String, List<DerivedRow>> others = new LinkedHashMap<>();
        for (DerivedRow r : rows) {
            String launch = r.text(Column.LAUNCH);
            if (launch.equals(baseline)) {
                base.put(ConfigId.of(r).withoutContext().withLaunch(""), r);
            } else {
                others.computeIfAbsent(launch, l -> new ArrayList<>()).add(r);
            }
        }
        List<LaunchRatio> out = new ArrayList<>();
        others.forEach(
                (launch, own) -> {
                    List<Figure[]> lat = new ArrayList<>();
                    List<Figure[]> thr = new ArrayList<>();
                    for (DerivedRow r : own) {
                        DerivedRow b = base.get(ConfigId.of(r).withoutContext().withLaunch(""));
                        if (b == null) {
                            continue;
                        }
                        pairLatency(b, r, samples).ifPresent(lat::add);
                        Optional<Figure> tb = measuredThroughput(b);
                        Optional<Figure> tr = measuredThroughput(r);
                        if (tb.isPresent() && tr.isPresent()) {
                            thr.add(new Figure[] {tb.get(), tr.get()});
                        }
                    }
                    out.add(
                            new LaunchRatio(
                                    launch,
                                    ratios(Goal.LATENCY, lat),
                                    ratios(Goal.THROUGHPUT, thr)));
                });
        out.sort(
                Comparator.comparingDouble(
                                (LaunchRatio l) ->
                                        l.latency()
                                                .or(l::throughput)
                                                .map(Ratios::geomean)
                                                .orElse(0.0))
                        .reversed());
        return out;
    }

    /** The baseline's and the other's latency figure: p99 if both support one, else p50. */
    private static Optional<Figure[]> pairLatency(
            DerivedRow base, DerivedRow other, ToLongFunction<DerivedRow> samples) {
        long nb = samples.applyAsLong(base);
        long no = samples.applyAsLong(other);
        Optional<Figure> b = latency(base, nb);
        Optional<Figure> o = latency(other, no);
        if (b.isPresent() && o.isPresent()) {
            return Optional.of(new Figure[] {b.get(), o.get()});
        }
        b = fallbackLatency(base, nb);
        o = fallbackLatency(other, no);
        return b.isPresent() && o.isPresent() && b.get().metric().equals(o.get().metric())
                ? Optional.of(new Figure[] {b.get(), o.get()})
                : Optional.empty();
    }

    /**
     * A row's samples/s with JMH's error where Throughput mode measured it, else derived from its
     * latency (no error, said in the caveat); empty when it has none or it is implausible.
     */
    private static Optional<Figure> throughput(DerivedRow r) {
        double s = r.number(Column.THROUGHPUT_SAMPLES_PER_S);
        if (!(s > 0) || implausible(r)) {
            return Optional.empty();
        }
        boolean measured = r.text(Column.THROUGHPUT_SOURCE).equals("measured");
        return Optional.of(
                new Figure(
                                s,
                                measured
                                        ? r.number(Column.THROUGHPUT_SAMPLES_PER_S_ERROR)
                                        : Double.NaN,
                                "samples/s",
                                measured ? "" : "derived from latency")
                        .inRounds(r, x -> x.number(Column.THROUGHPUT_SAMPLES_PER_S)));
    }

    /** A row's samples/s where Throughput mode measured it. */
    private static Optional<Figure> measuredThroughput(DerivedRow r) {
        return throughput(r).filter(f -> f.caveat().isEmpty());
    }

    /** Ratios of pairs {baseline, other}, > 1 when the other is better. */
    private static Optional<Ratios> ratios(Goal goal, List<Figure[]> pairs) {
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        double logSum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int better = 0;
        int worse = 0;
        List<String> metrics = new ArrayList<>();
        for (Figure[] p : pairs) {
            Speedup speedup = Speedup.of(goal, p[0], p[1]);
            double ratio = speedup.value();
            logSum += Math.log(ratio);
            min = Math.min(min, ratio);
            max = Math.max(max, ratio);
            if (speedup.beyondNoise().orElse(false)) {
                if (ratio > 1) {
                    better++;
                } else {
                    worse++;
                }
            }
            if (!metrics.contains(p[0].metric())) {
                metrics.add(p[0].metric());
            }
        }
        return Optional.of(
                new Ratios(
                        Math.exp(logSum / pairs.size()),
                        min,
                        max,
                        better,
                        worse,
                        pairs.size(),
                        String.join("/", metrics)));
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
        double gops = r.number(Column.ACHIEVED_GOPS);
        if (!Double.isNaN(gops)) {
            // DESIGN.md's OPs: the int8 products are integer operations, not FLOPs
            out.append(" (").append(threeDigits(gops)).append(" GOP/s of them int8)");
        }
        double pct = r.number(Column.PCT_OF_PEAK);
        double gemm = r.number(Column.PCT_OF_GEMM_CEILING);
        List<String> shares = new ArrayList<>();
        if (!Double.isNaN(pct)) {
            // the peak is fp32 FMAs: a bf16 or int8 row is measured against what it did not run
            String dtype = r.text(Column.DTYPE);
            shares.add(
                    String.format(
                            Locale.ROOT,
                            "%.1f%% of the %sFMA peak",
                            pct,
                            dtype.isEmpty() || dtype.equals("fp32") ? "" : "fp32 "));
        }
        if (!Double.isNaN(gemm)) {
            shares.add(String.format(Locale.ROOT, "%.1f%% of the GEMM ceiling", gemm));
        }
        if (!shares.isEmpty()) {
            out.append(" = ").append(String.join(", ", shares));
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
        List<String> aboveRoof = new ArrayList<>();
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
            if ((pct > 100 || overPredicted < 1) && !implausible(r)) {
                aboveRoof.add(
                        ConfigId.of(r).shortText()
                                + " ("
                                + (pct > 100
                                        ? String.format(Locale.ROOT, "%.0f%% of peak", pct)
                                        : String.format(
                                                Locale.ROOT,
                                                "%.2fx the roofline's predicted latency",
                                                overPredicted))
                                + ")");
            }
        }
        if (!aboveRoof.isEmpty()) {
            // One line for them all: the reasons are the same for every such point.
            out.add(
                    (aboveRoof.size() == 1 ? "above its roof: " : "above their roof: ")
                            + String.join(", ", aboveRoof)
                            + ": the peak was measured below what these kernels reach,"
                            + " or the bytes moved are overcounted (weights staying in cache)");
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

    /**
     * A default launch set that ran without tcmalloc (not installed): what it resolved to and what
     * that allocator cost against tcmalloc when measured ({@link MeasuredCost}).
     */
    private static List<String> runWarnings(List<DerivedRow> rows) {
        return rows.stream()
                .filter(
                        r ->
                                r.text(Column.LAUNCH).isEmpty()
                                        || r.text(Column.LAUNCH).equals(LaunchSet.DEFAULT))
                .map(r -> allocator(r.text(Column.LAUNCH_SETTINGS)))
                .flatMap(Optional::stream)
                .filter(a -> a != Allocator.TCMALLOC)
                .distinct()
                .map(Verdict::fallback)
                .toList();
    }

    private static final Pattern ALLOCATOR = Pattern.compile("(?:^|; )allocator=([a-z-]+)");

    /** The allocator a launch_settings cell names; empty if none or unknown. */
    static Optional<Allocator> allocator(String launchSettings) {
        Matcher m = ALLOCATOR.matcher(launchSettings);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Allocator.parse(m.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String fallback(Allocator a) {
        String cost =
                MeasuredCost.of(a)
                        .map(c -> "it measured " + c.text())
                        .orElse("its cost against tcmalloc was not measured");
        return "the forks ran on allocator="
                + a.id()
                + ", not tcmalloc (not installed there, or another was asked for): "
                + cost
                + "; `"
                + INSTALL_TCMALLOC
                + "` gives the published setting";
    }
}
