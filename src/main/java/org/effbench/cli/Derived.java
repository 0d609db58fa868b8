package org.effbench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.effbench.energy.PowerEstimate;
import org.effbench.report.RunAnalyzer;
import org.effbench.run.RunFolder;

/** The post-processing step every run ends with. */
final class Derived {

    private Derived() {}

    /** Derives the run's results; a resumed sweep derives them again over its first attempt's. */
    static void report(RunFolder folder) {
        try {
            RunAnalyzer.Outcome outcome = new RunAnalyzer(System.out, PowerEstimate.DEFAULT).analyze(folder.path(), true);
            System.out.println("Derived results: " + outcome.csv());
            outcome.charts().forEach(c -> System.out.println("Chart: " + c));
            System.out.println("Report: " + outcome.report());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
