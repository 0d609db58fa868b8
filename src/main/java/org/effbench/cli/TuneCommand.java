package org.effbench.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.effbench.base.AtomicFiles;
import org.effbench.energy.EnergySettings;
import org.effbench.model.ModelRef;
import org.effbench.run.RunFolder;
import org.effbench.run.SweepRunner;
import org.effbench.sweep.Shard;
import org.effbench.sweep.SweepDefinition;
import org.effbench.sweep.SweepKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tune --model M}: the JVM, allocator and engine option matrix of a definition for one
 * model, then the best launch set for latency and for throughput, as ratios against the baseline.
 */
@Command(
        name = "tune",
        mixinStandardHelpOptions = true,
        description =
                "Runs a definition's launch sets (JVM flags, allocators, engine settings) for one model and names the best "
                        + "for latency and for throughput, as ratios against the first launch set measured in the same run.")
final class TuneCommand implements Callable<Integer> {

    static final String DEFAULT_DEFINITION = "benchmarks/jvm-flags.properties";

    @Mixin ResultsOption results;

    @Mixin ModelOptions model;

    @Mixin EnergyOptions energy;

    @Option(
            names = "--definition",
            paramLabel = "FILE",
            defaultValue = DEFAULT_DEFINITION,
            description =
                    "definition with the launch sets to compare (default: ${DEFAULT-VALUE}); its models are replaced by --model")
    Path definition;

    @Override
    public Integer call() throws Exception {
        EnergySettings.Given given = energy.given();
        ModelRef spec = model.ref();
        SweepDefinition read =
                SweepDefinition.read(definition, Runtime.getRuntime().availableProcessors());
        if (read.kind() != SweepKind.JMH) {
            // the tuning verdict compares JMH rows; a serve sweep's launch sets run with sweep
            throw new IllegalArgumentException(
                    "--definition "
                            + definition
                            + " is a "
                            + read.kind().id()
                            + " sweep; accepted: a jmh definition (run this one with sweep)");
        }
        SweepDefinition sweep = read.withModels(List.of(spec));
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "tune",
                                ModelOptions.MODEL,
                                model.name,
                                "--definition",
                                definition.toString()));
        if (spec.isFile()) {
            args.addAll(List.of(ModelOptions.INPUT, spec.input()));
        }
        RunFolder folder =
                new SweepRunner(results.dir, System.out, Clock.systemUTC(), Main.class.getName())
                        .run(sweep, Shard.ALL, args, false)
                        .folder();
        // The verdict names the best launch set per goal and compares each with the baseline.
        AtomicFiles.writeString(
                folder.file("tuning.txt"), Derived.report(folder, given).verdict().text());
        System.out.println("Tuning summary: " + folder.file("tuning.txt"));
        return 0;
    }
}
