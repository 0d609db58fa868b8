package org.effbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.effbench.sweep.SweepDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code sweep DEFINITION}: the quick command with a definition required, resumable and shardable.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description =
                "Runs a sweep definition: every configuration in fresh forks, resumed where it stopped if restarted, "
                        + "optionally one shard of it.")
final class SweepCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "DEFINITION",
            description = "a sweep definition file, e.g. benchmarks/standard.properties")
    Path definition;

    @Mixin SweepOptions sweep;

    @Override
    public Integer call() throws Exception {
        return sweep.run(
                SweepDefinition.read(definition, Runtime.getRuntime().availableProcessors()),
                List.of(definition.toString()));
    }
}
