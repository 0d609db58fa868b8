package org.effbench.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.effbench.energy.EnergySettings;
import org.effbench.run.SweepRunner;
import org.effbench.sweep.Shard;
import org.effbench.sweep.SweepDefinition;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of the commands that run a whole sweep definition, quick and sweep, and the run they
 * make: {@code --results}, {@code --shard i/n}, {@code --retry-failed}, {@code --resume} and the
 * energy options.
 */
final class SweepOptions {

    static final String SHARD = "--shard";

    /** The command these options are part of: quick or sweep. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Mixin ResultsOption results;

    @Mixin EnergyOptions energy;

    @Option(
            names = SHARD,
            paramLabel = "i/n",
            description = "run only part i of n (0-based), e.g. 0/4 or $JOB_COMPLETION_INDEX/4")
    String shard;

    @Option(
            names = "--retry-failed",
            description =
                    "run again, in the latest run folder of this sweep (or --resume's), the"
                            + " configurations it recorded as failed, and what is left")
    boolean retryFailed;

    @Option(
            names = "--resume",
            paramLabel = "RUN_FOLDER",
            description =
                    "go on in this run folder of the same sweep (default: the latest that did not"
                            + " complete)")
    Path resume;

    Shard shard() {
        return shard == null ? Shard.ALL : Shard.parse(shard);
    }

    /**
     * Runs {@code sweep} into a run folder, then derives its results.
     *
     * @param definition how the command was given its definition, for the run's records (which add
     *     the command's name before and the shard after)
     * @return the exit code: {@link Main#FAILED} if a configuration failed (the rest are kept)
     */
    int run(SweepDefinition sweep, List<String> definition) {
        EnergySettings.Given given = energy.given();
        Shard part = shard();
        List<String> arguments = new ArrayList<>(List.of(command.name()));
        arguments.addAll(definition);
        if (!part.whole()) {
            arguments.addAll(List.of(SHARD, part.toString()));
        }
        SweepRunner.Result run =
                new SweepRunner(results.dir, System.out, Clock.systemUTC(), Main.class.getName())
                        .run(sweep, part, arguments, retryFailed, resume);
        System.out.println("Raw JMH results and settings: " + run.folder().path());
        if (!run.results().isEmpty()) {
            Derived.report(run.folder(), given);
        }
        if (!run.failed().isEmpty()) {
            System.err.println(
                    "benchmarks.jar: "
                            + run.failed().size()
                            + (run.results().isEmpty()
                                    ? " configuration(s) failed, nothing was measured: "
                                    : " configuration(s) failed, the rest are kept: ")
                            + String.join(", ", run.failed()));
            return Main.FAILED;
        }
        return 0;
    }
}
