package org.effbench.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.effbench.run.SweepRunner;
import org.effbench.sweep.Shard;
import org.effbench.sweep.SweepDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The default run: the quick sweep (or a definition file) into a run folder, then the derived results. */
@Command(name = "quick", mixinStandardHelpOptions = true,
        description = "Runs a sweep definition (default: the built-in quick sweep), keeps its raw JMH JSON and derives "
                + "results.csv, charts and report.html.")
final class QuickCommand implements Callable<Integer> {

    @Mixin
    ResultsOption results;

    @Option(names = "--definition", paramLabel = "FILE",
            description = "a sweep definition file (see benchmarks/README.md); default: " + SweepDefinition.QUICK)
    Path definition;

    @Mixin
    SweepOptions sweepOptions;

    @Override
    public Integer call() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        SweepDefinition sweep = definition == null ? SweepDefinition.quick(cores) : SweepDefinition.read(definition, cores);
        Shard part = sweepOptions.shard();
        List<String> arguments = new ArrayList<>(List.of("quick"));
        if (definition != null) {
            arguments.addAll(List.of("--definition", definition.toString()));
        }
        if (!part.whole()) {
            arguments.addAll(List.of("--shard", part.toString()));
        }
        SweepRunner.Result run = new SweepRunner(results.dir, System.out, Clock.systemUTC()).run(sweep, part, arguments, sweepOptions.retryFailed);
        System.out.println("Raw JMH results and settings: " + run.folder().path());
        Derived.report(run.folder());
        if (!run.failed().isEmpty()) {
            System.err.println("benchmarks.jar: " + run.failed().size() + " configuration(s) failed, the rest are kept: "
                    + String.join(", ", run.failed()));
            return Main.FAILED;
        }
        return 0;
    }
}
