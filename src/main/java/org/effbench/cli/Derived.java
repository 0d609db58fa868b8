package org.effbench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.effbench.energy.EnergySettings;
import org.effbench.report.RunAnalyzer;
import org.effbench.run.ModelMetrics;
import org.effbench.run.RunFolder;

/** The post-processing step every run ends with. */
final class Derived {

    private Derived() {}

    /**
     * Derives the run's results; a resumed sweep derives them again over its first attempt's.
     *
     * @param energy the energy options given, already checked
     */
    static RunAnalyzer.Outcome report(RunFolder folder, EnergySettings.Given energy) {
        try {
            RunAnalyzer.Outcome outcome = analyze(folder.path(), energy, true);
            print(outcome, "Results: " + outcome.csv());
            return outcome;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Where the files are (in one line), then the verdict: the console's last lines answer which
     * configuration is best.
     */
    static void print(RunAnalyzer.Outcome outcome, String results) {
        System.out.println(
                results
                        + "; report "
                        + outcome.report()
                        + " with "
                        + outcome.charts().size()
                        + " charts (*.png beside it)");
        System.out.print(outcome.verdict().text());
    }

    /**
     * Counts the static metrics the folder's results need (once: they are stored in the folder),
     * then derives the results from the folder's files.
     */
    static RunAnalyzer.Outcome analyze(Path folder, EnergySettings.Given energy, boolean force)
            throws IOException {
        RunAnalyzer.checkFolder(folder, force);
        ModelMetrics.complete(folder, RunAnalyzer.modelsNeeded(folder));
        return new RunAnalyzer(System.out, energy).analyze(folder, force);
    }
}
