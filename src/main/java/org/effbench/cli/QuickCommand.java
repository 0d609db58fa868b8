package org.effbench.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.effbench.run.JmhRunner;
import org.effbench.run.RunFolder;
import org.effbench.sweep.SweepDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The default run: the quick sweep (or a definition file) into a new run folder. */
@Command(name = "quick", mixinStandardHelpOptions = true,
        description = "Runs a sweep definition (default: the built-in quick sweep) and keeps its raw JMH JSON.")
final class QuickCommand implements Callable<Integer> {

    @Mixin
    ResultsOption results;

    @Option(names = "--definition", paramLabel = "FILE",
            description = "a sweep definition file (see benchmarks/README.md); default: " + SweepDefinition.QUICK)
    Path definition;

    @Override
    public Integer call() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        SweepDefinition sweep = definition == null ? SweepDefinition.quick(cores) : SweepDefinition.read(definition, cores);
        List<String> arguments = new ArrayList<>(List.of("quick"));
        if (definition != null) {
            arguments.addAll(List.of("--definition", definition.toString()));
        }
        RunFolder folder = new JmhRunner(results.dir, System.out, Clock.systemUTC()).runSweep(sweep, arguments);
        System.out.println("Raw JMH results and settings: " + folder.path());
        Derived.report(folder);
        return 0;
    }
}
