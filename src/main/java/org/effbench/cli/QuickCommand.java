package org.effbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.effbench.sweep.SweepDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The default run: the quick sweep (or a definition file) into a run folder, then the derived
 * results.
 */
@Command(
        name = "quick",
        mixinStandardHelpOptions = true,
        description =
                "Runs a sweep definition (default: the built-in quick sweep), keeps its raw JMH JSON and derives "
                        + "results.csv, charts and report.html.")
final class QuickCommand implements Callable<Integer> {

    static final String DEFINITION = "--definition";

    @Option(
            names = DEFINITION,
            paramLabel = "FILE",
            description =
                    "a sweep definition file (see benchmarks/README.md); default: "
                            + SweepDefinition.QUICK)
    Path definition;

    @Mixin SweepOptions sweep;

    @Override
    public Integer call() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        if (definition == null) {
            return sweep.run(SweepDefinition.quick(cores), List.of());
        }
        return sweep.run(
                SweepDefinition.read(definition, cores),
                List.of(DEFINITION, definition.toString()));
    }
}
