package org.effbench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.effbench.base.AtomicFiles;
import org.effbench.base.Figures;
import org.effbench.bench.InferenceConfig;
import org.effbench.energy.CpuIdentity;
import org.effbench.energy.CpuTdpTable;
import org.effbench.energy.EnergySettings;
import org.effbench.energy.EnergyTable;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.JmhJson;
import org.effbench.jmh.Rounds;
import org.effbench.machine.CpuInfo;
import org.effbench.machine.MachineProfile;
import org.effbench.metrics.LayerMacs;
import org.effbench.metrics.ModelMetricsFile;
import org.effbench.model.ModelRef;
import org.effbench.report.plot.ChartFiles;
import org.effbench.report.plot.Charts;
import org.effbench.report.plot.ServeCharts;
import org.effbench.run.SweepState;
import org.effbench.serve.ServeFiles;
import org.effbench.sweep.Job;
import org.jfree.chart.JFreeChart;

/**
 * Turns a run folder's raw JMH JSON and serve files into {@code results.csv} and the same rows as
 * {@code results.json}: every complete entry of every {@code jmh-*.json} and every readable {@code
 * serve.json} / {@code serve-*.json} is used, broken parts are named, and the raw files are never
 * touched.
 */
public final class RunAnalyzer {

    /**
     * What an analysis produced.
     *
     * @param verdict per model, the best configuration for latency and throughput
     */
    public record Outcome(
            Path csv,
            List<DerivedRow> rows,
            List<String> problems,
            List<Path> charts,
            Path report,
            Verdict.Result verdict) {}

    private final PrintStream console;
    private final EnergySettings.Given energy;

    /**
     * @param energy the watts per busy core and grid intensity the user gives; what is not given
     *     comes from the run's energy.json, else from its machine.json's CPU
     */
    public RunAnalyzer(PrintStream console, EnergySettings.Given energy) {
        this.console = console;
        this.energy = energy;
    }

    /**
     * @param force overwrite an existing results.csv
     * @throws IllegalArgumentException when the folder has no usable JMH or serve result, or
     *     results.csv exists without force
     */
    public Outcome analyze(Path folder, boolean force) throws IOException {
        Path csv = checkFolder(folder, force);
        List<String> problems = new ArrayList<>();
        List<Measured> measured = results(folder, problems);
        List<BenchmarkResult> results = measured.stream().map(Measured::result).toList();
        List<ServeFile> serves = serveFiles(folder, problems);
        problems.forEach(p -> console.println("warning: " + p));
        if (results.isEmpty() && serves.isEmpty()) {
            throw new IllegalArgumentException(
                    "no usable JMH or serve result in "
                            + folder
                            + (problems.isEmpty()
                                    ? " (no jmh-*.json, serve.json or serve-*.json file, or .gz)"
                                    : ": " + String.join("; ", problems)));
        }
        Optional<MachineProfile> machine = readMachine(folder);
        List<DerivedRow> rows;
        List<Path> charts = new ArrayList<>();
        List<String> warnings = new ArrayList<>(problems);
        ModelMetricsFile metrics = readMetrics(folder);
        metrics.problems()
                .forEach(
                        p -> {
                            warnings.add(p);
                            console.println("warning: " + p);
                        });
        Deriver deriver =
                new Deriver(
                        folder.getFileName().toString(),
                        machine,
                        (model, input, batch) -> metrics.of(new ModelRef(model, input), batch),
                        energySettings(folder, machine),
                        EnergyTable.horowitz45nm());
        rows = new ArrayList<>(deriver.derive(results));
        // one row per result, in order: a score no figure could come from says so on its row
        for (int i = 0; i < rows.size(); i++) {
            JmhJson.scoreProblems(results.get(i)).forEach(rows.get(i)::warn);
            measured.get(i).describe(rows.get(i), deriver);
        }
        List<DerivedRow> pooled = rows.stream().filter(r -> !r.rounds().isEmpty()).toList();
        if (!pooled.isEmpty()) {
            AtomicFiles.writeString(folder.resolve(RoundsCsv.FILE), RoundsCsv.write(pooled));
        }
        ServeRows serving = new ServeRows(deriver);
        serves.forEach(f -> rows.addAll(serving.derive(f)));
        AtomicFiles.writeString(csv, ResultsCsv.write(rows));
        Path runJson = folder.resolve("run.json");
        Optional<String> run =
                Files.exists(runJson) ? Optional.of(Files.readString(runJson)) : Optional.empty();
        Path machineJson = folder.resolve(MachineProfile.FILE);
        AtomicFiles.writeString(
                folder.resolve(ResultsJson.FILE),
                ResultsJson.write(
                        rows,
                        Files.exists(machineJson)
                                ? Optional.of(Files.readString(machineJson))
                                : Optional.empty(),
                        run));
        // a serve sweep's ceilings alone have nothing to draw against batch size
        boolean jmhModels =
                rows.stream().anyMatch(r -> !ServeRows.is(r) && !r.text(Column.MODEL).isEmpty());
        if (!results.isEmpty() && (serves.isEmpty() || jmhModels)) {
            jmhCharts(folder, rows, machine, charts, warnings);
        }
        serveCharts(folder, serves, charts, warnings);
        for (String model :
                rows.stream()
                        .map(r -> r.text(Column.MODEL))
                        .filter(m -> !m.isEmpty())
                        .distinct()
                        .toList()) {
            Optional<LayerMacs> layers = metrics.layers(model);
            if (layers.isPresent()) {
                chart(
                        folder,
                        "layer_macs_" + model.replace(':', '_') + ".png",
                        () -> Charts.layerMacs(layers.get()),
                        charts,
                        warnings);
            }
        }
        rows.forEach(r -> warnings.addAll(r.warnings()));
        List<PeerComparison.Line> peers = PeerComparison.lines(rows);
        if (!peers.isEmpty()) {
            console.print("effbench vs Python PyTorch (same run):\n" + PeerComparison.table(peers));
        }
        Path report = folder.resolve(HtmlReport.FILE);
        Verdict.Result verdict = Verdict.of(rows, machine);
        try {
            // a tune run over a model's variants: each against the fp32 file
            verdict = verdict.withVariants(VariantTuning.read(folder, rows));
        } catch (IOException e) {
            warnings.add(e.getMessage() + ": no variant comparison");
            console.println("warning: " + e.getMessage() + ": no variant comparison");
        }
        AtomicFiles.writeString(
                report,
                HtmlReport.render(
                        folder.getFileName().toString(),
                        rows,
                        verdict,
                        machine,
                        run,
                        charts,
                        warnings));
        return new Outcome(csv, rows, problems, charts, report, verdict);
    }

    /** The charts of the JMH rows: against batch size, the trade-off, the roofline. */
    private void jmhCharts(
            Path folder,
            List<DerivedRow> rows,
            Optional<MachineProfile> machine,
            List<Path> charts,
            List<String> warnings)
            throws IOException {
        chart(folder, "latency_vs_batch.png", () -> Charts.latencyVsBatch(rows), charts, warnings);
        chart(
                folder,
                "throughput_vs_batch.png",
                () -> Charts.throughputVsBatch(rows),
                charts,
                warnings);
        chart(
                folder,
                "latency_throughput_tradeoff.png",
                () -> Charts.latencyThroughputTradeoff(rows),
                charts,
                warnings);
        if (machine.isPresent()) {
            chart(
                    folder,
                    "roofline.png",
                    () -> Charts.roofline(rows, machine.get()),
                    charts,
                    warnings);
        }
    }

    /**
     * Per model, latency and achieved rate against offered load, a curve per serve file (layout); a
     * model served under several bounds gets a pair per bound.
     */
    private void serveCharts(
            Path folder, List<ServeFile> serves, List<Path> charts, List<String> warnings)
            throws IOException {
        Map<String, Map<Double, List<ServeFile>>> byModel = new LinkedHashMap<>();
        for (ServeFile f : serves) {
            if (!f.points().isEmpty()) {
                byModel.computeIfAbsent(f.model(), m -> new LinkedHashMap<>())
                        .computeIfAbsent(f.layout().boundMs(), b -> new ArrayList<>())
                        .add(f);
            }
        }
        for (Map.Entry<String, Map<Double, List<ServeFile>>> model : byModel.entrySet()) {
            for (Map.Entry<Double, List<ServeFile>> bound : model.getValue().entrySet()) {
                String name =
                        fileName(model.getKey())
                                + (model.getValue().size() > 1
                                        ? "_p99-" + ResultsCsv.format(bound.getKey()) + "ms"
                                        : "");
                ServeCharts.Run data = ServeChartData.of(model.getKey(), bound.getValue());
                chart(
                        folder,
                        SERVE_LATENCY + name + ".png",
                        () -> ServeCharts.latency(data),
                        charts,
                        warnings);
                chart(
                        folder,
                        SERVE_THROUGHPUT + name + ".png",
                        () -> ServeCharts.throughput(data),
                        charts,
                        warnings);
            }
        }
    }

    /** The serve charts' file names: the prefix, then the model. */
    static final String SERVE_LATENCY = "serve_latency_";

    static final String SERVE_THROUGHPUT = "serve_throughput_";

    /** A model as part of a file name: {@code file:/x/m.pt} is {@code file__x_m.pt}. */
    static String fileName(String model) {
        return model.replaceAll("[^A-Za-z0-9._=-]", "_");
    }

    /**
     * @return the folder's results.csv
     * @throws IllegalArgumentException when the folder does not exist or is a file, or results.csv
     *     exists without force
     */
    public static Path checkFolder(Path folder, boolean force) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            Path parent =
                    folder.getParent() != null
                            ? folder.getParent()
                            : folder.toAbsolutePath().getParent();
            throw new IllegalArgumentException(
                    folder
                            + " is a file, not a run folder; give the folder that holds the run's"
                            + " jmh-*.json files (this file's folder: "
                            + parent
                            + ")");
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("run folder " + folder + " does not exist");
        }
        Path csv = folder.resolve(ResultsCsv.FILE);
        if (Files.exists(csv) && !force) {
            throw new IllegalArgumentException(csv + " exists; add --force to derive it again");
        }
        return csv;
    }

    /**
     * Draws one chart; a chart without data is a warning, a chart that cannot be written (a full
     * disk) ends the analysis.
     */
    private void chart(
            Path folder,
            String name,
            Supplier<JFreeChart> chart,
            List<Path> charts,
            List<String> warnings)
            throws IOException {
        JFreeChart drawn;
        try {
            drawn = chart.get();
        } catch (IllegalArgumentException e) {
            warnings.add("chart " + name + " not drawn: " + e.getMessage());
            console.println("warning: chart " + name + " not drawn: " + e.getMessage());
            return;
        }
        charts.add(ChartFiles.png(drawn, folder.resolve(name)));
    }

    /**
     * The model configurations a run folder's results need static metrics for (see {@link
     * ModelMetricsFile}): effbench's model benchmark and peers' rows.
     */
    public static Set<ModelMetricsFile.Key> modelsNeeded(Path folder) throws IOException {
        Set<ModelMetricsFile.Key> needed = new LinkedHashSet<>();
        // a serve run's rows count its model at batch 1 (one request is one sample)
        for (ServeFile f : serveFiles(folder, new ArrayList<>())) {
            needed.add(new ModelMetricsFile.Key(new ModelRef(f.model(), f.input()), 1));
        }
        for (BenchmarkResult r :
                results(folder, new ArrayList<>()).stream().map(Measured::result).toList()) {
            if (InferenceConfig.describedBy(r.params())) {
                try {
                    InferenceConfig c = InferenceConfig.fromJmh(r.params());
                    needed.add(new ModelMetricsFile.Key(c.model(), c.batchSize()));
                } catch (IllegalArgumentException e) {
                    // the row says so when it is derived
                }
            }
        }
        return needed;
    }

    /**
     * A configuration's result as results.csv derives it: measured once, or pooled from its rounds
     * ({@link Rounds}), with each round's own result.
     *
     * @param rounds each round's result by round number; empty for a configuration measured once
     */
    record Measured(BenchmarkResult result, SortedMap<Integer, BenchmarkResult> rounds) {

        /**
         * On a pooled row: how many rounds, each round's own row (derived alone) and, when the
         * spread between the rounds set its error, a warning saying so.
         */
        void describe(DerivedRow row, Deriver deriver) {
            row.put(Column.ROUNDS, Math.max(1, rounds.size()));
            if (rounds.isEmpty()) {
                return;
            }
            SortedMap<Integer, DerivedRow> own = new TreeMap<>();
            rounds.forEach((round, r) -> own.put(round, deriver.derive(r)));
            row.rounds(own);
            Rounds.Pooled pool =
                    Rounds.poolMetric(
                            rounds.values().stream().map(BenchmarkResult::primary).toList());
            if (pool.metric().percentiles().isEmpty()
                    && rounds.values().stream()
                            .anyMatch(r -> !r.primary().percentiles().isEmpty())) {
                row.warn(
                        "percentiles of several rounds come from their values together, which"
                                + " this result does not keep (a peer's CSV): left empty;"
                                + " rounds.csv has each round's p50 and p99");
            }
            // the spread is the error: wider than the forks' own, or theirs unknown
            if (pool.spreadError() > 0 && !(pool.withinError() >= pool.spreadError())) {
                row.warn(
                        String.format(
                                Locale.ROOT,
                                "the %d rounds' scores spread from %s to %s %s: their 99.9%% t"
                                        + " half-width %s is the error, wider than the forks' own"
                                        + " (%s); rounds.csv has each",
                                rounds.size(),
                                Figures.threeDigits(
                                        rounds.values().stream()
                                                .mapToDouble(r -> r.primary().score())
                                                .min()
                                                .orElseThrow()),
                                Figures.threeDigits(
                                        rounds.values().stream()
                                                .mapToDouble(r -> r.primary().score())
                                                .max()
                                                .orElseThrow()),
                                result.primary().unit(),
                                Figures.threeDigits(pool.spreadError()),
                                Double.isNaN(pool.withinError())
                                        ? "unknown: JMH gave a round no error"
                                        : Figures.threeDigits(pool.withinError())));
            }
        }
    }

    /**
     * Every complete entry of the folder's JMH JSON files and peer CSVs, the rounds of one
     * configuration (files that differ only in their round suffix, {@link Job#round}) pooled into
     * one where the first of them ran; what is broken goes to {@code problems}.
     */
    private static List<Measured> results(Path folder, List<String> problems) throws IOException {
        // a configuration's key: its file without the round, and its place in the file
        Map<String, SortedMap<Integer, BenchmarkResult>> byConfiguration = new LinkedHashMap<>();
        List<Path> files =
                new ArrayList<>(
                        inRunOrder(
                                folder,
                                files(folder, "jmh-.*\\.json(\\.gz)?"),
                                id -> "jmh-" + id + ".json"));
        for (Path json : files) {
            JmhJson.Parsed parsed = JmhJson.read(json);
            add(byConfiguration, json, parsed.results());
            problems.addAll(parsed.problems());
        }
        for (Path peer : files(folder, "peer-.*\\.csv")) {
            try {
                add(byConfiguration, peer, PeerCsv.read(peer));
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        List<Measured> out = new ArrayList<>();
        byConfiguration.forEach(
                (key, rounds) -> {
                    if (rounds.size() == 1 && rounds.firstKey() == 0) {
                        out.add(new Measured(rounds.get(0), Collections.emptySortedMap()));
                        return;
                    }
                    try {
                        out.add(new Measured(Rounds.pool(List.copyOf(rounds.values())), rounds));
                    } catch (IllegalArgumentException e) {
                        problems.add(key + ": rounds not pooled (" + e.getMessage() + ")");
                        rounds.forEach(
                                (round, r) ->
                                        out.add(new Measured(r, Collections.emptySortedMap())));
                    }
                });
        return out;
    }

    /** A file's results under their configuration's key, in their round. */
    private static void add(
            Map<String, SortedMap<Integer, BenchmarkResult>> byConfiguration,
            Path file,
            List<BenchmarkResult> results) {
        String name = file.getFileName().toString();
        int round = Job.round(name);
        for (int i = 0; i < results.size(); i++) {
            // a file of a sweep without rounds is a configuration of its own
            String key = (round == 0 ? name : Job.withoutRound(name)) + "#" + i;
            byConfiguration.computeIfAbsent(key, k -> new TreeMap<>()).put(round, results.get(i));
        }
    }

    /**
     * Every serve file of the folder ({@code serve.json}, a serve sweep's {@code serve-*.json}), in
     * the order run; one that cannot be read goes to {@code problems}.
     */
    private static List<ServeFile> serveFiles(Path folder, List<String> problems)
            throws IOException {
        List<ServeFile> out = new ArrayList<>();
        for (Path json : inRunOrder(folder, files(folder, ServeFile.PATTERN), ServeFiles::json)) {
            try {
                out.add(ServeFile.read(json));
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        return out;
    }

    /**
     * The run's energy settings, resolved from the user's, its recorded energy.json and its own
     * machine.json (never this machine's CPU), and recorded for the next analysis.
     */
    private EnergySettings energySettings(Path folder, Optional<MachineProfile> machine)
            throws IOException {
        Path file = folder.resolve(EnergySettings.FILE);
        Optional<EnergySettings> recorded = Optional.empty();
        if (Files.exists(file)) {
            try {
                recorded = Optional.of(EnergySettings.read(file));
            } catch (IOException e) {
                unreadable(file, e, "energy settings resolved again");
            }
        }
        EnergySettings settings =
                EnergySettings.resolve(
                        energy, recorded, machine.map(RunAnalyzer::cpu), CpuTdpTable.load());
        AtomicFiles.writeString(file, settings.toJson());
        return settings;
    }

    /** The CPU of a machine profile, as the TDP table looks it up. */
    static CpuIdentity cpu(MachineProfile machine) {
        CpuInfo cpu = machine.cpu();
        return new CpuIdentity(
                cpu.model(), cpu.vendor(), cpu.family(), cpu.identified() ? cpu.modelNumber() : -1);
    }

    private ModelMetricsFile readMetrics(Path folder) {
        Path file = folder.resolve(ModelMetricsFile.FILE);
        if (!Files.exists(file)) {
            console.println(
                    "warning: no "
                            + ModelMetricsFile.FILE
                            + " in "
                            + folder
                            + ": model columns are left empty");
            return ModelMetricsFile.EMPTY;
        }
        try {
            return ModelMetricsFile.read(file);
        } catch (IOException e) {
            console.println("warning: " + e.getMessage() + ": model columns are left empty");
            return ModelMetricsFile.EMPTY;
        }
    }

    private Optional<MachineProfile> readMachine(Path folder) {
        Path file = folder.resolve(MachineProfile.FILE);
        if (!Files.exists(file)) {
            console.println(
                    "warning: no "
                            + MachineProfile.FILE
                            + " in "
                            + folder
                            + ": columns that need the machine's ceilings are left empty");
            return Optional.empty();
        }
        try {
            return Optional.of(MachineProfile.read(file));
        } catch (IOException e) {
            unreadable(file, e, "machine columns left empty");
            return Optional.empty();
        }
    }

    /**
     * A sweep's JSON files in the order it ran them (its sweep.json), so rows follow the
     * definition.
     */
    static List<Path> inRunOrder(Path folder, List<Path> files, Function<String, String> name)
            throws IOException {
        Path state = folder.resolve(SweepState.FILE);
        if (!Files.isRegularFile(state)) {
            return files;
        }
        List<String> order = SweepState.read(folder).jobs().keySet().stream().map(name).toList();
        List<Path> sorted = new ArrayList<>(files);
        sorted.sort(
                Comparator.comparingInt(
                        p -> {
                            int at =
                                    order.indexOf(
                                            p.getFileName().toString().replaceAll("\\.gz$", ""));
                            return at < 0 ? Integer.MAX_VALUE : at;
                        }));
        return sorted;
    }

    private static List<Path> files(Path folder, String pattern) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches(pattern)).sorted().toList();
        }
    }

    /** One warning line for a run file that cannot be read, and what follows from it. */
    private void unreadable(Path file, IOException e, String consequence) {
        console.println(
                "warning: " + file + " is unreadable (" + e.getMessage() + "): " + consequence);
    }
}
