package org.effbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep DEFINITION}: the quick command with a definition required, resumable and shardable. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs a sweep definition: every configuration in fresh forks, resumed where it stopped if restarted, "
                + "optionally one shard of it.")
final class SweepCommand implements Callable<Integer> {

    @Mixin
    ResultsOption results;

    @Parameters(paramLabel = "DEFINITION", description = "a sweep definition file, e.g. benchmarks/standard.properties")
    Path definition;

    @Option(names = "--shard", paramLabel = "i/n", description = "run only part i of n (0-based), e.g. 0/4 or $JOB_COMPLETION_INDEX/4")
    String shard;

    @Option(names = "--retry-failed", description = "run again the configurations a resumed sweep recorded as failed")
    boolean retryFailed;

    @Override
    public Integer call() throws Exception {
        QuickCommand quick = new QuickCommand();
        quick.results = results;
        quick.definition = definition;
        quick.shard = shard;
        quick.retryFailed = retryFailed;
        return quick.call();
    }
}
