package org.effbench.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.effbench.energy.EnergySettings;
import org.effbench.run.JmhCommandLine;
import org.effbench.run.JmhRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** JMH with its own options, results into a new run folder. */
@Command(
        name = "jmh",
        description =
                "Runs JMH with its own options (-p, -t, -f, -wi, -i, -bm, -rf, …); without a benchmark pattern, the model benchmark.")
final class JmhCommand implements Callable<Integer> {

    @Mixin ResultsOption results;

    @Mixin EnergyOptions energy;

    @Unmatched List<String> jmhArguments = new ArrayList<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EnergySettings.Given given = energy.given();
        try {
            new JmhRunner(results.dir, System.out, Clock.systemUTC())
                    .runJmh(jmhArguments)
                    .ifPresent(
                            folder -> {
                                System.out.println(
                                        "Raw JMH results and settings: " + folder.path());
                                Derived.report(folder, given);
                            });
        } catch (JmhCommandLine.UnknownOption e) {
            throw new IllegalArgumentException(
                    "unknown option '"
                            + e.option()
                            + "'"
                            + Suggestions.didYouMean(e.option(), knownOptions())
                            + " (accepted: JMH's, benchmarks.jar jmh -h, and effbench's,"
                            + " benchmarks.jar -h)",
                    e);
        }
        return 0;
    }

    /** JMH's options, this command's and the top level's (arguments reach JMH from there). */
    private TreeSet<String> knownOptions() {
        TreeSet<String> known = new TreeSet<>(JmhCommandLine.optionNames());
        known.addAll(spec.optionsMap().keySet());
        if (spec.parent() != null) {
            known.addAll(spec.parent().optionsMap().keySet());
        }
        return known;
    }
}
