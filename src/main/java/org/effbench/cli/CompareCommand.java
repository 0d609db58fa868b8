package org.effbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.effbench.report.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Compares two runs; exits 1 when a regression beyond the threshold and the noise is found. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "Compares two runs' results.csv per configuration; exit code 1 on a regression beyond the "
                        + "threshold whose confidence interval does not overlap the base's.")
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASE", description = "run folder or results.csv")
    Path base;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "run folder or results.csv")
    Path candidate;

    @Option(
            names = "--threshold",
            defaultValue = "5",
            paramLabel = "PERCENT",
            description = "smallest change that counts, in percent (default: ${DEFAULT-VALUE})")
    double thresholdPercent;

    @Override
    public Integer call() throws Exception {
        if (!(thresholdPercent >= 0)) {
            throw new IllegalArgumentException(
                    "threshold "
                            + thresholdPercent
                            + " is not accepted; accepted: a percentage >= 0");
        }
        List<Comparison.Line> lines = Comparison.compare(base, candidate, thresholdPercent / 100);
        System.out.print(Comparison.table(lines));
        long regressions =
                lines.stream().filter(l -> l.verdict() == Comparison.Verdict.REGRESSION).count();
        System.out.println(
                regressions == 0
                        ? "No regression beyond " + thresholdPercent + "% and the noise."
                        : regressions
                                + " regression(s) beyond "
                                + thresholdPercent
                                + "% and the noise.");
        return regressions == 0 ? 0 : Main.FAILED;
    }
}
