package org.effbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.effbench.energy.PowerEstimate;
import org.effbench.report.RunAnalyzer;
import picocli.CommandLine.Command;
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

    @Option(
            names = "--watts-per-core",
            paramLabel = "W",
            description =
                    "package power per busy core for the energy estimate where nothing is measured "
                            + "(default: 3.91, AMD EPYC 9755 TDP 500 W / 128 cores)")
    Double wattsPerCore;

    @Override
    public Integer call() throws Exception {
        PowerEstimate power =
                wattsPerCore == null
                        ? PowerEstimate.DEFAULT
                        : new PowerEstimate(wattsPerCore, "--watts-per-core " + wattsPerCore);
        RunAnalyzer.Outcome outcome = Derived.analyze(folder, power, force);
        Derived.print(outcome, "Derived " + outcome.rows().size() + " rows: " + outcome.csv());
        return 0;
    }
}
