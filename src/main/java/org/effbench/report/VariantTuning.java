package org.effbench.report;

import static org.effbench.base.Figures.threeDigits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.Csv;
import org.effbench.model.OutputDeviation;
import org.effbench.model.TorchScriptModel;
import org.effbench.sweep.LaunchSet;

/**
 * A tune run's model-level options against the plain fp32 file: every variant of one model that
 * {@code scripts/export_variants.py} made (its {@code variants.json}, copied into the run folder),
 * each classified by what it changes ({@link Category}), measured in the same run, with its ratio
 * to fp32 per goal and its output deviation from fp32 ({@code deviation.csv}); a launch set other
 * than the baseline's (DJL's graph-optimizer switch) is an option on the fp32 file. Then per goal
 * the fastest, and the best of each category. A pure function of the rows and the two files.
 *
 * <p>Latency is batch 1's (the smallest batch measured) mean time of one pass, throughput the
 * largest batch's samples/s from its mean time; both with JMH's 99.9% error of the mean, so a ratio
 * carries its propagated error ({@link Verdict.Speedup}, which tune's launch-set ratios use too).
 *
 * <p>Rewrites and layouts must compute what fp32 computes: their outputs must stay within {@link
 * #FP32_TOLERANCE}; one beyond it, or whose deviation was not measured, is flagged and never named
 * a winner. Precision variants compute less exactly by design: their deviation is stated beside
 * their speed-up; with random weights accuracy itself cannot be measured.
 */
public final class VariantTuning {

    /** The export script's description of the variants, copied into the run folder. */
    public static final String VARIANTS_FILE = TorchScriptModel.VARIANTS_FILE;

    /** The variants' output deviations from the fp32 file, written by tune. */
    public static final String DEVIATION_FILE = "deviation.csv";

    /** The variant every other is compared with: the plain trace. */
    public static final String BASELINE = "fp32";

    /**
     * The largest max |diff| a rewrite or a layout may have, as a share of the mean |fp32 output|.
     * Reordered fp32 arithmetic (BN folded into the weights, another summation order in
     * channels-last kernels) differs by rounding: of order sqrt(terms) x 2^-24 relative, about 1e-6
     * to 1e-5 here (ResNet-50: 2.5e-6, results/variants-resnet50-20261128/deviation.csv), while one
     * bf16 rounding alone is 2^-8 = 4e-3 relative (bf16 ResNet-50: 3.2e-2). 1e-3 sits two orders of
     * magnitude from each: a rewrite beyond it computes something else.
     */
    public static final double FP32_TOLERANCE = 1e-3;

    /**
     * What the export script made, read from its variants.json.
     *
     * @param model the architecture the variants are of ({@code resnet50})
     * @param input the files' input shapes ({@code 1x3x224x224}, {@code 1x128:int64})
     * @param made the variants with a file, in the script's order
     * @param skipped the variants it could not make, with its reason
     */
    public record Exported(
            String model, String input, List<String> made, Map<String, String> skipped) {

        /**
         * @throws IOException when the file cannot be read or has no variants list
         */
        public static Exported read(Path variantsJson) throws IOException {
            JsonNode json;
            try {
                json = new ObjectMapper().readTree(variantsJson.toFile());
            } catch (IOException e) {
                throw new IOException(variantsJson + " is unreadable: " + e.getMessage(), e);
            }
            return of(json, variantsJson.toString());
        }

        static Exported of(JsonNode json, String source) throws IOException {
            if (!json.path("variants").isArray()) {
                throw new IOException(source + " has no \"variants\" list");
            }
            List<String> made = new ArrayList<>();
            Map<String, String> skipped = new LinkedHashMap<>();
            for (JsonNode v : json.get("variants")) {
                String name = v.path("name").asText();
                if (v.path("file").isTextual()) {
                    made.add(name);
                } else {
                    skipped.put(name, v.path("skipped").asText("no reason given"));
                }
            }
            return new Exported(
                    json.path("model").asText(""), json.path("input").asText(""), made, skipped);
        }
    }

    /** What a variant changes. */
    public enum Category {
        BASELINE("baseline"),
        REWRITE("rewrite"),
        LAYOUT("layout"),
        PRECISION("precision"),
        /** A launch set other than the baseline's, on the fp32 file. */
        ENGINE("engine setting"),
        /** A variant this table does not know; judged like a rewrite, never a category winner. */
        OTHER("other");

        private final String label;

        Category(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether its outputs must equal fp32's within {@link #FP32_TOLERANCE}. */
        boolean mustMatchFp32() {
            return this == REWRITE || this == LAYOUT || this == OTHER;
        }
    }

    /** The export script's variants by what they change (its docstring says how each is made). */
    private static final Map<String, Category> KNOWN =
            Map.of(
                    BASELINE,
                    Category.BASELINE,
                    "frozen",
                    Category.REWRITE,
                    "bn-folded",
                    Category.REWRITE,
                    "separable-pool",
                    Category.REWRITE,
                    "channels-last",
                    Category.LAYOUT,
                    "bf16",
                    Category.PRECISION,
                    "int8",
                    Category.PRECISION);

    /**
     * What a variant changes: the export script's name, else its counted dtype (a file that
     * computes in another precision than fp32 is a precision variant whatever its name).
     */
    public static Category classify(String name, String dtype) {
        Category known = KNOWN.get(name);
        if (known != null) {
            return known;
        }
        return dtype.isEmpty() || dtype.equals("fp32") ? Category.OTHER : Category.PRECISION;
    }

    /**
     * A variant's output deviation from fp32 on the same seeded inputs (a deviation.csv row).
     *
     * @param meanAbsReference the mean |fp32 output|: the scale of the differences
     * @param referenceClasses the distinct top-1 classes of fp32's outputs; -1 when not recorded
     *     (deviation.csv files written before the column)
     */
    public record Deviation(
            long samples,
            double maxAbsDiff,
            double meanAbsDiff,
            double meanAbsReference,
            double top1Agreement,
            int referenceClasses) {

        /** Whether the largest difference is within {@link #FP32_TOLERANCE} of the fp32 scale. */
        public boolean withinFp32Tolerance() {
            return maxAbsDiff <= FP32_TOLERANCE * meanAbsReference;
        }

        String text() {
            return String.format(
                            Locale.ROOT,
                            "max |diff| %s, mean |diff| %s (mean |fp32 output| %s), top-1 agreement %s%% of %d",
                            sci(maxAbsDiff),
                            sci(meanAbsDiff),
                            threeDigits(meanAbsReference),
                            threeDigits(100 * top1Agreement),
                            samples)
                    + (referenceClasses == 1
                            ? " (fp32 gave every input the same class: agreement says little)"
                            : "");
        }
    }

    /** A goal's scope: the batch size, threads and callers its rows were measured at. */
    public record Scope(Verdict.Goal goal, int batch, int threads, int callers) {

        String text() {
            return goal.label()
                    + ", batch "
                    + batch
                    + ", "
                    + threads
                    + (threads == 1 ? " thread" : " threads")
                    + (callers == 1 ? "" : ", " + callers + " callers");
        }
    }

    /**
     * One option against the fp32 file.
     *
     * @param name the variant, with {@code [launch set]} when it ran under another launch set
     * @param speedups per goal (in {@link #scopes} order), empty where not measured
     * @param figures the option's own figure per goal
     * @param deviation its deviation from fp32; empty when not measured (or the same file)
     * @param flag why it is not named a winner; empty when it may be
     */
    public record Option(
            String name,
            String variant,
            Category category,
            String dtype,
            List<Optional<Verdict.Figure>> figures,
            List<Optional<Verdict.Speedup>> speedups,
            Optional<Deviation> deviation,
            String flag) {

        boolean eligible() {
            return flag.isEmpty();
        }

        /** {@code 1.80x ± 0.0500, beyond the noise} for a goal, or why there is none. */
        public String speedupText(int goal) {
            return speedups.get(goal).map(Verdict.Speedup::text).orElse("not measured");
        }

        /** The deviation, or why there is none. */
        public String deviationText() {
            if (category == Category.ENGINE) {
                return "the fp32 file under another launch set: outputs not compared";
            }
            return deviation.map(Deviation::text).orElse("deviation not measured");
        }
    }

    private final String model;
    private final String baselineLaunch;
    private final List<Scope> scopes;
    private final List<Optional<Verdict.Figure>> baseline;
    private final List<Option> options;
    private final List<String> notes;

    private VariantTuning(
            String model,
            String baselineLaunch,
            List<Scope> scopes,
            List<Optional<Verdict.Figure>> baseline,
            List<Option> options,
            List<String> notes) {
        this.model = model;
        this.baselineLaunch = baselineLaunch;
        this.scopes = List.copyOf(scopes);
        this.baseline = List.copyOf(baseline);
        this.options = List.copyOf(options);
        this.notes = List.copyOf(notes);
    }

    public String model() {
        return model;
    }

    public List<Scope> scopes() {
        return scopes;
    }

    public List<Option> options() {
        return options;
    }

    public List<String> notes() {
        return notes;
    }

    /**
     * The variant comparison of a run folder that holds {@link #VARIANTS_FILE}; empty when it has
     * none (not a tune run over variants).
     *
     * @throws IOException when variants.json or deviation.csv cannot be read
     */
    public static Optional<VariantTuning> read(Path folder, List<DerivedRow> rows)
            throws IOException {
        Path variants = folder.resolve(VARIANTS_FILE);
        if (!Files.isRegularFile(variants)) {
            return Optional.empty();
        }
        Exported exported = Exported.read(variants);
        Map<String, Deviation> deviations = new LinkedHashMap<>();
        Path csv = folder.resolve(DEVIATION_FILE);
        if (Files.isRegularFile(csv)) {
            deviations = readDeviations(csv);
        }
        return Optional.of(of(exported, rows, deviations));
    }

    /** deviation.csv's rows by variant name (the model file's name without {@code .pt}). */
    static Map<String, Deviation> readDeviations(Path csv) throws IOException {
        Map<String, Deviation> out = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(csv);
                CSVParser parser = Csv.READ.parse(in)) {
            for (CSVRecord r : parser) {
                try {
                    out.put(
                            variantOf(r.get(OutputDeviation.MODEL)),
                            new Deviation(
                                    Long.parseLong(r.get(OutputDeviation.SAMPLES)),
                                    Double.parseDouble(r.get(OutputDeviation.MAX_ABS_DIFF)),
                                    Double.parseDouble(r.get(OutputDeviation.MEAN_ABS_DIFF)),
                                    Double.parseDouble(r.get(OutputDeviation.MEAN_ABS_REFERENCE)),
                                    Double.parseDouble(r.get(OutputDeviation.TOP1_AGREEMENT)),
                                    r.isMapped(OutputDeviation.REFERENCE_TOP1_CLASSES)
                                            ? Integer.parseInt(
                                                    r.get(OutputDeviation.REFERENCE_TOP1_CLASSES))
                                            : -1));
                } catch (IllegalArgumentException e) {
                    throw new IOException(
                            csv + " line " + r.getRecordNumber() + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** A variant's name from its model: {@code file:/x/bn-folded.pt} is {@code bn-folded}. */
    static String variantOf(String model) {
        String file =
                TorchScriptModel.names(model)
                        ? model.substring(TorchScriptModel.PREFIX.length())
                        : model;
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
    }

    /** The comparison from variants.json, the run's rows and the deviations by variant name. */
    static VariantTuning of(
            Exported exported, List<DerivedRow> rows, Map<String, Deviation> deviations) {
        List<String> notes = new ArrayList<>();
        List<String> listed = exported.made();
        exported.skipped()
                .forEach((name, why) -> notes.add("not made: " + name + " (" + why + ")"));
        // the variants' sample-mode rows, by variant and launch set
        Map<String, List<DerivedRow>> byOption = new LinkedHashMap<>();
        List<String> launches = new ArrayList<>();
        for (DerivedRow r : rows) {
            String variant = variantOf(r.text(Column.MODEL));
            if (!TorchScriptModel.names(r.text(Column.MODEL))
                    || !listed.contains(variant)
                    || !r.text(Column.JMH_MODE).equals("sample")) {
                continue;
            }
            if (!launches.contains(r.text(Column.LAUNCH))) {
                launches.add(r.text(Column.LAUNCH));
            }
            byOption.computeIfAbsent(variant + "\n" + r.text(Column.LAUNCH), k -> new ArrayList<>())
                    .add(r);
        }
        String baseLaunch =
                launches.contains(LaunchSet.DEFAULT)
                        ? LaunchSet.DEFAULT
                        : launches.isEmpty() ? "" : launches.get(0);
        List<DerivedRow> base = byOption.getOrDefault(BASELINE + "\n" + baseLaunch, List.of());
        String model = exported.model();
        if (base.isEmpty()) {
            notes.add(
                    "no " + BASELINE + " row in sample mode: no variant can be compared with fp32");
            return new VariantTuning(model, baseLaunch, List.of(), List.of(), List.of(), notes);
        }
        List<Scope> scopes =
                List.of(scope(Verdict.Goal.LATENCY, base), scope(Verdict.Goal.THROUGHPUT, base));
        List<Optional<Verdict.Figure>> baseFigures =
                scopes.stream().map(s -> figure(s, base)).toList();
        List<Option> options = new ArrayList<>();
        byOption.forEach(
                (key, own) -> {
                    String variant = key.substring(0, key.indexOf('\n'));
                    String launch = key.substring(key.indexOf('\n') + 1);
                    if (variant.equals(BASELINE) && launch.equals(baseLaunch)) {
                        return;
                    }
                    String dtype = own.get(0).text(Column.DTYPE);
                    Category category =
                            variant.equals(BASELINE) ? Category.ENGINE : classify(variant, dtype);
                    List<Optional<Verdict.Figure>> figures =
                            scopes.stream().map(s -> figure(s, own)).toList();
                    List<Optional<Verdict.Speedup>> speedups = new ArrayList<>();
                    for (int g = 0; g < scopes.size(); g++) {
                        Optional<Verdict.Figure> b = baseFigures.get(g);
                        Verdict.Goal goal = scopes.get(g).goal();
                        speedups.add(
                                figures.get(g)
                                        .flatMap(f -> b.map(x -> Verdict.Speedup.of(goal, x, f))));
                    }
                    Optional<Deviation> deviation = Optional.ofNullable(deviations.get(variant));
                    options.add(
                            new Option(
                                    launch.equals(baseLaunch)
                                            ? variant
                                            : variant + " [" + launch + "]",
                                    variant,
                                    category,
                                    dtype,
                                    figures,
                                    speedups,
                                    deviation,
                                    flag(category, deviation)));
                });
        return new VariantTuning(model, baseLaunch, scopes, baseFigures, options, notes);
    }

    /** Why an option is not named a winner; empty when it may be. */
    static String flag(Category category, Optional<Deviation> deviation) {
        if (!category.mustMatchFp32()) {
            return "";
        }
        if (deviation.isEmpty()) {
            return "its outputs were not compared with fp32's";
        }
        if (!deviation.get().withinFp32Tolerance()) {
            return "beyond the fp32 tolerance (max |diff| over "
                    + sci(FP32_TOLERANCE)
                    + " x the mean |fp32 output|): it computes something else";
        }
        return "";
    }

    /**
     * Where a goal is judged, from the baseline's rows: latency at the smallest batch, throughput
     * at the largest, each at the most threads measured there and the fewest callers.
     */
    private static Scope scope(Verdict.Goal goal, List<DerivedRow> base) {
        Comparator<DerivedRow> byBatch =
                Comparator.comparingDouble(r -> r.number(Column.BATCH_SIZE));
        DerivedRow at =
                goal == Verdict.Goal.LATENCY
                        ? base.stream().min(byBatch).orElseThrow()
                        : base.stream().max(byBatch).orElseThrow();
        int batch = (int) at.number(Column.BATCH_SIZE);
        List<DerivedRow> same =
                base.stream().filter(r -> r.number(Column.BATCH_SIZE) == batch).toList();
        int threads =
                (int)
                        same.stream()
                                .mapToDouble(r -> r.number(Column.INTRA_OP_THREADS))
                                .max()
                                .orElse(0);
        int callers =
                (int)
                        same.stream()
                                .filter(r -> r.number(Column.INTRA_OP_THREADS) == threads)
                                .mapToDouble(r -> r.number(Column.CALLERS))
                                .min()
                                .orElse(1);
        return new Scope(goal, batch, threads, callers);
    }

    /**
     * A row's figure in a scope: the mean time of one pass (latency) or the samples/s it gives
     * (throughput, batch x callers / mean), with JMH's 99.9% error of the mean carried over.
     */
    private static Optional<Verdict.Figure> figure(Scope s, List<DerivedRow> rows) {
        return rows.stream()
                .filter(
                        r ->
                                r.number(Column.BATCH_SIZE) == s.batch()
                                        && r.number(Column.INTRA_OP_THREADS) == s.threads()
                                        && r.number(Column.CALLERS) == s.callers())
                .findFirst()
                .flatMap(
                        r -> {
                            double mean = r.number(Column.LATENCY_MS_MEAN);
                            double error = r.number(Column.LATENCY_MS_ERROR);
                            if (!(mean > 0)) {
                                return Optional.empty();
                            }
                            if (s.goal() == Verdict.Goal.LATENCY) {
                                double p50 = r.number(Column.LATENCY_MS_P50);
                                return Optional.of(
                                        new Verdict.Figure(
                                                        mean,
                                                        error,
                                                        "mean",
                                                        Double.isNaN(p50)
                                                                ? ""
                                                                : "p50 " + threeDigits(p50) + " ms")
                                                .inRounds(
                                                        r, x -> x.number(Column.LATENCY_MS_MEAN)));
                            }
                            double rate = s.batch() * s.callers() * 1e3 / mean;
                            return Optional.of(
                                    new Verdict.Figure(rate, rate * error / mean, "samples/s", "")
                                            .inRounds(
                                                    r,
                                                    x ->
                                                            s.batch()
                                                                    * s.callers()
                                                                    * 1e3
                                                                    / x.number(
                                                                            Column
                                                                                    .LATENCY_MS_MEAN)));
                        });
    }

    /**
     * Per goal, the fastest of fp32 and the options that may be named (flagged ones are not), and
     * its ratio to fp32.
     */
    public List<String> fastest() {
        List<String> out = new ArrayList<>();
        for (int g = 0; g < scopes.size(); g++) {
            Optional<Verdict.Figure> base = baseline.get(g);
            if (base.isEmpty()) {
                continue;
            }
            Optional<Option> best = best(options, g);
            String baseText = figureText(base.get());
            if (best.isEmpty() || best.get().speedups().get(g).get().value() <= 1) {
                out.add(
                        scopes.get(g).text()
                                + ": fastest "
                                + BASELINE
                                + ", "
                                + baseText
                                + (best.isEmpty()
                                        ? ""
                                        : "; the next, "
                                                + best.get().name()
                                                + ", "
                                                + best.get().speedupText(g)));
                continue;
            }
            Option o = best.get();
            out.add(
                    scopes.get(g).text()
                            + ": fastest "
                            + o.name()
                            + " ("
                            + o.category().label()
                            + (o.dtype().isEmpty() ? "" : ", " + o.dtype())
                            + "), "
                            + o.figures().get(g).map(VariantTuning::figureText).orElse("")
                            + ": "
                            + o.speedupText(g)
                            + " against fp32's "
                            + baseText
                            + (o.category() == Category.PRECISION ? "; " + o.deviationText() : ""));
        }
        return out;
    }

    /** The option of {@code among} with the best ratio for a goal, of those that may be named. */
    private static Optional<Option> best(List<Option> among, int goal) {
        return among.stream()
                .filter(o -> o.eligible() && o.speedups().get(goal).isPresent())
                .max(Comparator.comparingDouble(o -> o.speedups().get(goal).get().value()));
    }

    /** Per category, the option with the best ratio per goal among those that may be named. */
    public List<String> winners() {
        List<String> out = new ArrayList<>();
        for (Category c :
                List.of(Category.REWRITE, Category.LAYOUT, Category.PRECISION, Category.ENGINE)) {
            List<Option> own = options.stream().filter(o -> o.category() == c).toList();
            if (own.isEmpty()) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (int g = 0; g < scopes.size(); g++) {
                Optional<Option> best = best(own, g);
                String what = scopes.get(g).goal().label();
                if (best.isEmpty()) {
                    parts.add(what + ": none that may be named");
                    continue;
                }
                Verdict.Speedup s = best.get().speedups().get(g).get();
                boolean beyond = s.beyondNoise().orElse(false);
                parts.add(
                        what
                                + " "
                                + best.get().name()
                                + " "
                                + s.text()
                                + (!beyond
                                        ? " (no gain over fp32 beyond the noise)"
                                        : s.value() > 1 ? "" : " (slower than fp32: keep fp32)"));
            }
            List<String> flagged =
                    own.stream()
                            .filter(o -> !o.eligible())
                            .map(o -> o.name() + ": " + o.flag())
                            .toList();
            out.add(
                    "best "
                            + c.label()
                            + ": "
                            + String.join("; ", parts)
                            + (flagged.isEmpty()
                                    ? ""
                                    : "; flagged, not named: " + String.join("; ", flagged)));
        }
        return out;
    }

    /** The heading: what is compared with what, and how. */
    public String heading() {
        return "variants of "
                + (model.isEmpty() ? "the model" : model)
                + " against "
                + BASELINE
                + (baselineLaunch.isEmpty() ? "" : " [" + baselineLaunch + "]")
                + " (ratio > 1: faster; ± the 99.9% error propagated from both means;"
                + " within the noise when the two intervals overlap):";
    }

    /** What every reader needs once: tolerance and what a deviation can say. */
    public static List<String> caveats() {
        return List.of(
                "rewrites and layouts must give fp32's outputs: max |diff| within "
                        + sci(FP32_TOLERANCE)
                        + " x the mean |fp32 output| over the seeded inputs, else flagged",
                "with random weights accuracy itself cannot be measured: a precision's cost is"
                        + " shown as its output deviation from fp32 on the same seeded inputs");
    }

    /** Lines for tuning.txt and the console. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(heading());
        fastest().forEach(l -> out.add("  " + l));
        for (Option o : options) {
            List<String> parts = new ArrayList<>();
            for (int g = 0; g < scopes.size(); g++) {
                parts.add(scopes.get(g).goal().label() + " " + o.speedupText(g));
            }
            out.add(
                    "    "
                            + o.name()
                            + " ("
                            + o.category().label()
                            + (o.dtype().isEmpty() ? "" : ", " + o.dtype())
                            + "): "
                            + String.join("; ", parts)
                            + "; "
                            + o.deviationText()
                            + (o.eligible() ? "" : "; FLAGGED: " + o.flag()));
        }
        winners().forEach(l -> out.add("  " + l));
        notes.forEach(n -> out.add("  note: " + n));
        caveats().forEach(n -> out.add("  note: " + n));
        return out;
    }

    /** {@code mean 40.1 ms ± 0.250, p50 39.8 ms}: the figure the ratio uses, then the median. */
    private static String figureText(Verdict.Figure f) {
        return f.withoutCaveat().text()
                + (Double.isNaN(f.error()) ? "" : " ± " + threeDigits(f.error()))
                + (f.caveat().isEmpty() ? "" : ", " + f.caveat());
    }

    private static String sci(double v) {
        return Double.isNaN(v) ? "NaN" : v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
    }
}
