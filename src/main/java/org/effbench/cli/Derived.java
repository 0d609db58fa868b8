package org.effbench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.effbench.energy.PowerEstimate;
import org.effbench.report.RunAnalyzer;
import org.effbench.run.ModelMetrics;
import org.effbench.run.RunFolder;

/** The post-processing step every run ends with. */
final class Derived {

    private Derived() {}

    /** Derives the run's results; a resumed sweep derives them again over its first attempt's. */
    static void report(RunFolder folder) {
        try {
            RunAnalyzer.Outcome outcome = analyze(folder.path(), PowerEstimate.DEFAULT, true);
            System.out.println("Derived results: " + outcome.csv());
            outcome.charts().forEach(c -> System.out.println("Chart: " + c));
            System.out.println("Report: " + outcome.report());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Counts the static metrics the folder's results need (once: they are stored in the folder),
     * then derives the results from the folder's files.
     */
    static RunAnalyzer.Outcome analyze(Path folder, PowerEstimate power, boolean force)
            throws IOException {
        RunAnalyzer.checkFolder(folder, force);
        ModelMetrics.complete(folder, RunAnalyzer.modelsNeeded(folder));
        return new RunAnalyzer(System.out, power).analyze(folder, force);
    }
}
