package org.effbench.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.effbench.run.JmhRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/** JMH with its own options, results into a new run folder. */
@Command(
        name = "jmh",
        description =
                "Runs JMH with its own options (-p, -t, -f, -wi, -i, -bm, …); without a benchmark pattern, the model benchmark.")
final class JmhCommand implements Callable<Integer> {

    @Mixin ResultsOption results;

    @Unmatched List<String> jmhArguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        new JmhRunner(results.dir, System.out, Clock.systemUTC())
                .runJmh(jmhArguments)
                .ifPresent(
                        folder -> {
                            System.out.println("Raw JMH results and settings: " + folder.path());
                            Derived.report(folder);
                        });
        return 0;
    }
}
