package org.effbench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.effbench.energy.EnergyTable;
import org.effbench.energy.PowerEstimate;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.JmhJson;
import org.effbench.machine.MachineProfile;

/**
 * Turns a run folder's raw JMH JSON into {@code results.csv}: every complete entry of every
 * {@code jmh-*.json} is used, broken parts are named, and the raw files are never touched.
 */
public final class RunAnalyzer {

    /** What an analysis produced. */
    public record Outcome(Path csv, List<DerivedRow> rows, List<String> problems) {}

    private final PrintStream console;
    private final PowerEstimate power;

    public RunAnalyzer(PrintStream console, PowerEstimate power) {
        this.console = console;
        this.power = power;
    }

    /**
     * @param force overwrite an existing results.csv
     * @throws IllegalArgumentException when the folder has no usable JMH result, or results.csv exists without force
     */
    public Outcome analyze(Path folder, boolean force) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("run folder " + folder + " does not exist");
        }
        Path csv = folder.resolve(ResultsCsv.FILE);
        if (Files.exists(csv) && !force) {
            throw new IllegalArgumentException(csv + " exists; add --force to derive it again");
        }
        List<BenchmarkResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path json : jmhFiles(folder)) {
            JmhJson.Parsed parsed = JmhJson.read(json);
            results.addAll(parsed.results());
            problems.addAll(parsed.problems());
        }
        problems.forEach(p -> console.println("warning: " + p));
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no usable JMH result in " + folder
                    + (problems.isEmpty() ? " (no jmh-*.json file)" : ": " + String.join("; ", problems)));
        }
        Optional<MachineProfile> machine = readMachine(folder);
        List<DerivedRow> rows;
        try (ModelMetricsCache metrics = new ModelMetricsCache()) {
            Deriver deriver = new Deriver(folder.getFileName().toString(), machine, metrics::get, power,
                    EnergyTable.horowitz45nm());
            rows = deriver.derive(results);
        }
        Path partial = folder.resolve(ResultsCsv.FILE + ".partial");
        Files.writeString(partial, ResultsCsv.write(rows));
        Files.move(partial, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new Outcome(csv, rows, problems);
    }

    private Optional<MachineProfile> readMachine(Path folder) {
        Path file = folder.resolve(MachineProfile.FILE);
        if (!Files.exists(file)) {
            console.println("warning: no " + MachineProfile.FILE + " in " + folder
                    + ": columns that need the machine's ceilings are left empty");
            return Optional.empty();
        }
        try {
            return Optional.of(MachineProfile.read(file));
        } catch (IOException e) {
            console.println("warning: " + file + " is unreadable (" + e.getMessage() + "): machine columns left empty");
            return Optional.empty();
        }
    }

    private static List<Path> jmhFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("jmh-.*\\.json")).sorted().toList();
        }
    }
}
