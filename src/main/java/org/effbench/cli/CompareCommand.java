package org.effbench.cli;

import java.nio.file.Path;
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

    @Option(
            names = "--allow-different-machines",
            description =
                    "compare runs measured on different machines, with different launch settings or"
                            + " against a different peak GEMM size; each line says how they differ")
    boolean allowDifferentMachines;

    @Option(
            names = "--allow-missing",
            description =
                    "exit 0 although configurations of the base are missing from the candidate"
                            + " (they are listed either way)")
    boolean allowMissing;

    @Override
    public Integer call() throws Exception {
        if (!(thresholdPercent >= 0)) {
            throw new IllegalArgumentException(
                    "threshold "
                            + thresholdPercent
                            + " is not accepted; accepted: a percentage >= 0");
        }
        Comparison.Outcome outcome =
                Comparison.compare(base, candidate, thresholdPercent / 100, allowDifferentMachines);
        System.out.print(Comparison.table(outcome));
        long regressions = outcome.regressions();
        int missing = outcome.onlyInBase().size();
        System.out.println(
                (regressions == 0
                                ? "No regression beyond " + thresholdPercent + "% and the noise"
                                : regressions
                                        + " regression(s) beyond "
                                        + thresholdPercent
                                        + "% and the noise")
                        + " in "
                        + outcome.lines().size()
                        + " configuration(s) compared"
                        + (missing == 0
                                ? "."
                                : "; "
                                        + missing
                                        + " configuration(s) of the base were not measured in the"
                                        + " candidate"
                                        + (allowMissing
                                                ? " (allowed)."
                                                : " (--allow-missing accepts that).")));
        return regressions == 0 && (missing == 0 || allowMissing) ? 0 : Main.FAILED;
    }
}
