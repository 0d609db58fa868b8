package org.effbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVPrinter;
import org.effbench.base.AtomicFiles;
import org.effbench.base.Csv;
import org.effbench.energy.EnergySettings;
import org.effbench.engine.TorchEngine;
import org.effbench.model.ModelRef;
import org.effbench.model.OutputDeviation;
import org.effbench.model.TorchScriptModel;
import org.effbench.report.VariantTuning;
import org.effbench.run.RunFolder;
import org.effbench.run.SweepRunner;
import org.effbench.sweep.Shard;
import org.effbench.sweep.SweepDefinition;
import org.effbench.sweep.SweepKey;
import org.effbench.sweep.SweepKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tune --model M}: the JVM, allocator and engine option matrix of a definition for one
 * model, then the best launch set for latency and for throughput, as ratios against the baseline.
 * With {@code --variants DIR}: the model's variants that {@code scripts/export_variants.py} made
 * (precision, graph rewrites, layout), interleaved, then each one's output deviation from the fp32
 * file, and the fastest per goal and the best per category against fp32.
 */
@Command(
        name = "tune",
        mixinStandardHelpOptions = true,
        description =
                "Runs a definition's launch sets (JVM flags, allocators, engine settings) for one model and names the best "
                        + "for latency and for throughput, as ratios against the first launch set measured in the same run. "
                        + "With --variants DIR, runs the model's variant files (precision, graph rewrites, layout) against its "
                        + "fp32 file, measures each one's output deviation from fp32, and names the fastest and the best per "
                        + "category.")
final class TuneCommand implements Callable<Integer> {

    static final String DEFAULT_DEFINITION = "benchmarks/jvm-flags.properties";

    /** The definition of a variants run: its models are replaced by the variant files. */
    static final String VARIANTS_DEFINITION = "benchmarks/variants.properties";

    static final String VARIANTS = "--variants";

    @Mixin ResultsOption results;

    @Mixin ModelOptions model;

    @Mixin EnergyOptions energy;

    @Option(
            names = "--definition",
            paramLabel = "FILE",
            description =
                    "definition with the launch sets and settings to run (default: "
                            + DEFAULT_DEFINITION
                            + ", with --variants "
                            + VARIANTS_DEFINITION
                            + "); its models are replaced by --model or the variant files")
    Path definition;

    @Option(
            names = VARIANTS,
            paramLabel = "DIR",
            description =
                    "the folder scripts/export_variants.py MODEL DIR wrote: its variants.json and"
                            + " NAME.pt files (fp32 the baseline)")
    Path variants;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            description =
                    "run the definition's jobs N times, round after round, and judge each ratio"
                            + " also by the spread between the rounds (the definition's key"
                            + " rounds; default: the definition's, 1 when it has none)")
    Integer rounds;

    @Override
    public Integer call() throws Exception {
        if (rounds != null && rounds < 1) {
            throw new IllegalArgumentException(
                    "--rounds " + rounds + "; accepted: a whole number >= 1");
        }
        EnergySettings.Given given = energy.given();
        Path file =
                definition != null
                        ? definition
                        : Path.of(variants != null ? VARIANTS_DEFINITION : DEFAULT_DEFINITION);
        VariantTuning.Exported exported = variants == null ? null : exported(variants, model.name);
        List<ModelRef> models =
                exported == null ? List.of(model.ref()) : variantFiles(variants, exported);
        SweepDefinition read =
                SweepDefinition.read(file, Runtime.getRuntime().availableProcessors());
        if (read.kind() != SweepKind.JMH) {
            // the tuning verdict compares JMH rows; a serve sweep's launch sets run with sweep
            throw new IllegalArgumentException(
                    "--definition "
                            + file
                            + " is a "
                            + read.kind().id()
                            + " sweep; accepted: a jmh definition (run this one with sweep)");
        }
        SweepDefinition named = read.withModels(models);
        SweepDefinition sweep = rounds == null ? named : named.withRounds(rounds);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "tune",
                                ModelOptions.MODEL,
                                model.name,
                                "--definition",
                                file.toString()));
        if (exported != null) {
            args.addAll(List.of(VARIANTS, variants.toString()));
        } else if (models.get(0).isFile()) {
            args.addAll(List.of(ModelOptions.INPUT, models.get(0).input()));
        }
        if (rounds != null) {
            args.addAll(List.of("--rounds", rounds.toString()));
        }
        RunFolder folder =
                new SweepRunner(results.dir, System.out, Clock.systemUTC(), Main.class.getName())
                        .run(sweep, Shard.ALL, args, false)
                        .folder();
        if (exported != null) {
            // the folder alone re-derives the variant verdict (analyze --force)
            Files.copy(
                    variants.resolve(VariantTuning.VARIANTS_FILE),
                    folder.file(VariantTuning.VARIANTS_FILE),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            deviations(sweep, models, folder.file(VariantTuning.DEVIATION_FILE));
        }
        // The verdict names the best launch set per goal and compares each with the baseline;
        // with variants, each variant with the fp32 file.
        AtomicFiles.writeString(
                folder.file("tuning.txt"), Derived.report(folder, given).verdict().text());
        System.out.println("Tuning summary: " + folder.file("tuning.txt"));
        return 0;
    }

    /**
     * The export script's description of {@code dir}, checked: it exists, is of {@code model}, and
     * every variant it lists, fp32 among them, has its file.
     *
     * @throws IllegalArgumentException naming what is missing and how to make it
     */
    static VariantTuning.Exported exported(Path dir, String model) {
        String make =
                "make them with /usr/bin/python3 scripts/export_variants.py "
                        + (TorchScriptModel.names(model) ? "MODEL" : model)
                        + " "
                        + dir;
        Path json = dir.resolve(VariantTuning.VARIANTS_FILE);
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(
                    VARIANTS + " " + dir + " has no " + VariantTuning.VARIANTS_FILE + "; " + make);
        }
        VariantTuning.Exported exported;
        try {
            exported = VariantTuning.Exported.read(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    VARIANTS + " " + dir + ": " + e.getMessage() + "; " + make, e);
        }
        if (!exported.model().equals(model)) {
            throw new IllegalArgumentException(
                    VARIANTS
                            + " "
                            + dir
                            + " holds variants of "
                            + exported.model()
                            + ", not of "
                            + ModelOptions.MODEL
                            + " "
                            + model
                            + "; accepted: "
                            + ModelOptions.MODEL
                            + " "
                            + exported.model()
                            + ", or "
                            + make.replace("MODEL", model));
        }
        if (!exported.made().contains(VariantTuning.BASELINE)) {
            throw new IllegalArgumentException(
                    VARIANTS
                            + " "
                            + dir
                            + ": "
                            + VariantTuning.VARIANTS_FILE
                            + " lists no "
                            + VariantTuning.BASELINE
                            + " file, the baseline of every ratio; "
                            + make);
        }
        for (String name : exported.made()) {
            Path pt = dir.resolve(name + ".pt");
            if (!Files.isRegularFile(pt)) {
                throw new IllegalArgumentException(
                        pt + " is missing (" + VariantTuning.VARIANTS_FILE + " lists it); " + make);
            }
        }
        return exported;
    }

    /** The variant files as models: fp32 first (the baseline), then the script's order. */
    static List<ModelRef> variantFiles(Path dir, VariantTuning.Exported exported) {
        List<String> names = new ArrayList<>(exported.made());
        names.remove(VariantTuning.BASELINE);
        names.add(0, VariantTuning.BASELINE);
        return names.stream()
                .map(
                        n ->
                                ModelRef.parse(
                                        TorchScriptModel.PREFIX
                                                + dir.resolve(n + ".pt").toAbsolutePath(),
                                        exported.input()))
                .toList();
    }

    /**
     * Each variant's output deviation from the fp32 file (the first model) over {@link
     * OutputDeviation#DEFAULT_SAMPLES} seeded samples, the definition's largest batch per pass, on
     * one thread; fp32 against itself first, as a check that the comparison sees no difference
     * where there is none. A variant that cannot run is a warning, and the verdict says its outputs
     * were not compared.
     */
    private static void deviations(SweepDefinition sweep, List<ModelRef> models, Path csv)
            throws IOException {
        int perPass = Collections.max(sweep.get(SweepKey.BATCH_SIZES));
        // One thread: libtorch's thread count is process-wide, and the verdict that follows counts
        // the models in this JVM at one thread (run.ModelMetrics); the outputs do not depend on it
        // beyond summation order.
        int threads = 1;
        ModelRef fp32 = models.get(0);
        System.out.printf(
                "Output deviation from %s: %d seeded samples, batch %d, %d threads%n",
                fp32, OutputDeviation.DEFAULT_SAMPLES, perPass, threads);
        TorchEngine.start(threads);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ModelRef> compared = new ArrayList<>();
        List<TorchScriptModel> candidates = new ArrayList<>();
        try (TorchScriptModel reference = TorchScriptModel.load(fp32.model(), fp32.input())) {
            for (ModelRef m : models) {
                try {
                    candidates.add(TorchScriptModel.load(m.model(), m.input()));
                    compared.add(m);
                } catch (RuntimeException e) {
                    notMeasured(m, e);
                }
            }
            List<Optional<OutputDeviation>> found =
                    measureEach(reference, candidates, compared, perPass);
            for (int i = 0; i < compared.size(); i++) {
                ModelRef m = compared.get(i);
                found.get(i)
                        .ifPresent(
                                d ->
                                        rows.add(
                                                d.row(
                                                        fp32.model(),
                                                        m.model(),
                                                        m.input(),
                                                        OutputDeviation.DEFAULT_SEED)));
            }
        } finally {
            candidates.forEach(TorchScriptModel::close);
        }
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        try (CSVPrinter printer = Csv.printer(text, List.copyOf(rows.get(0).keySet()))) {
            for (Map<String, Object> r : rows) {
                printer.printRecord(r.values());
            }
        }
        AtomicFiles.writeString(csv, text.toString());
        System.out.println("Deviations: " + csv);
    }

    /**
     * Each candidate's deviation, in order: all in one go, the reference running once per pass for
     * every candidate; if one fails to run, each on its own, so the others are still compared and
     * the failed one is a warning.
     */
    private static List<Optional<OutputDeviation>> measureEach(
            TorchScriptModel reference,
            List<TorchScriptModel> candidates,
            List<ModelRef> names,
            int perPass) {
        try {
            return measure(reference, candidates, perPass).stream().map(Optional::of).toList();
        } catch (RuntimeException e) {
            List<Optional<OutputDeviation>> found = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                try {
                    found.add(
                            Optional.of(
                                    measure(reference, List.of(candidates.get(i)), perPass)
                                            .get(0)));
                } catch (RuntimeException one) {
                    notMeasured(names.get(i), one);
                    found.add(Optional.empty());
                }
            }
            return found;
        }
    }

    private static List<OutputDeviation> measure(
            TorchScriptModel reference, List<TorchScriptModel> candidates, int perPass) {
        return OutputDeviation.measure(
                reference,
                candidates,
                OutputDeviation.DEFAULT_SAMPLES,
                perPass,
                OutputDeviation.DEFAULT_SEED);
    }

    private static void notMeasured(ModelRef m, RuntimeException e) {
        System.out.println(
                "warning: deviation of "
                        + m.model()
                        + " not measured: "
                        + TorchScriptModel.reason(e));
    }
}
