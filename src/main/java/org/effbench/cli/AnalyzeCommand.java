package org.effbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.effbench.report.RunAnalyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Derives results.csv from a run folder's raw JMH JSON. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description =
                "Derives latency, throughput, achieved FLOPS, roofline and energy from a run folder into results.csv.")
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_FOLDER", description = "a folder under results/runs")
    Path folder;

    @Option(names = "--force", description = "derive again over an existing results.csv")
    boolean force;

    @Mixin EnergyOptions energy;

    @Override
    public Integer call() throws Exception {
        RunAnalyzer.Outcome outcome = Derived.analyze(folder, energy.given(), force);
        Derived.print(outcome, "Derived " + outcome.rows().size() + " rows: " + outcome.csv());
        return 0;
    }
}
