package org.effbench.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.effbench.bench.BenchParam;
import org.effbench.bench.InferenceBenchmark;
import org.effbench.launch.ForkLauncher;
import org.effbench.model.ModelRef;
import org.effbench.model.TorchScriptModel;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with its own options into a new run folder: the raw JSON, the console log and {@code
 * run.json} with the exact settings (sweeps: {@link SweepRunner}). Parameters are checked before
 * the first fork starts, so a typo costs nothing.
 */
public final class JmhRunner {

    private final Path resultsDir;
    private final PrintStream console;
    private final Clock clock;

    public JmhRunner(Path resultsDir, PrintStream console, Clock clock) {
        this.resultsDir = resultsDir;
        this.console = console;
        this.clock = clock;
    }

    public static String callersJson(int callers) {
        return "jmh-callers-" + callers + ".json";
    }

    /**
     * Runs JMH with its own command-line options. Without a benchmark pattern it runs the model
     * benchmark; without {@code -rf/-rff} it writes JSON into the run folder.
     *
     * @return the run folder, or empty when the options only asked for help or a listing
     */
    public Optional<RunFolder> runJmh(List<String> jmhArguments) throws RunnerException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(jmhArguments.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            throw new IllegalArgumentException("bad JMH option: " + e.getMessage(), e);
        }
        if (answeredWithoutRunning(cmd)) {
            return Optional.empty();
        }
        validateParameters(cmd);
        Instant start = clock.instant();
        RunFolder folder = RunFolder.create(resultsDir, "jmh", start);
        console.println("effbench jmh: results in " + folder.path());
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
        // A -jvm of the user's own wins; otherwise forks start as every effbench run's do.
        Map<String, String> forkSettings =
                Map.of("java", cmd.getJvm().orElse("(as given by -jvm)"));
        if (!cmd.getJvm().hasValue()) {
            ForkLauncher.Prepared launcher =
                    ForkLauncher.defaults().prepare(folder.path(), ForkLauncher.cacheDir());
            console.println("Forks start with " + launcher.settings());
            options.jvm(launcher.script().toString());
            forkSettings = launcher.settings();
        }
        if (cmd.getIncludes().isEmpty()) {
            options.include(InferenceBenchmark.class.getName() + ".infer");
        }
        if (!cmd.shouldFailOnError().hasValue()) {
            options.shouldFailOnError(true);
        }
        boolean ownResult = !cmd.getResult().hasValue() && !cmd.getResultFormat().hasValue();
        int callers = cmd.getThreads().orElse(1);
        List<String> results = new ArrayList<>();
        Map<String, String> forks = forkSettings;
        Runnable manifest =
                () ->
                        RunRecords.writeManifest(
                                folder,
                                "jmh",
                                jmhArguments,
                                Map.of("jmhArguments", jmhArguments),
                                Map.of("default", forks),
                                start,
                                clock.instant(),
                                results);
        try (RunGuard guard = RunGuard.hold(folder, console, () -> kept(folder))) {
            try (PrintStream log =
                    JmhConsole.open(
                            folder, console, OutputStream.nullOutputStream(), guard::stopping)) {
                Collection<RunResult> run = JmhConsole.run(options.build(), log);
                if (ownResult) {
                    JmhResultFile.write(folder, callersJson(callers), run);
                    results.add(callersJson(callers));
                }
            } catch (RunnerException | RuntimeException | IOException e) {
                guard.checkpoint();
                try {
                    guard.record(manifest);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                if (e instanceof RunnerException) {
                    throw new RunnerException(ForkFailure.cause(e, ""), e);
                }
                if (e instanceof IOException io) {
                    throw new UncheckedIOException(io.getMessage(), io);
                }
                throw (RuntimeException) e;
            }
            guard.record(
                    () -> {
                        manifest.run();
                        RunRecords.writeMachine(folder, clock.instant());
                    });
        }
        return Optional.of(folder);
    }

    /** What a plain JMH run stopped from outside keeps. */
    private static String kept(RunFolder folder) {
        return "JMH writes its results at the end, so this run kept only its log, "
                + folder.file(JmhConsole.LOG)
                + "; a sweep definition (quick --definition, sweep) keeps each configuration"
                + " as it finishes and resumes";
    }

    /** JMH's help and listings, as its own Main does them. */
    private static boolean answeredWithoutRunning(CommandLineOptions cmd) {
        try {
            if (cmd.shouldHelp()) {
                cmd.showHelp();
            } else if (cmd.shouldListProfilers()) {
                cmd.listProfilers();
            } else if (cmd.shouldListResultFormats()) {
                cmd.listResultFormats();
            } else if (cmd.shouldList() || cmd.shouldListWithParams()) {
                Runner runner = new Runner(cmd);
                if (cmd.shouldListWithParams()) {
                    runner.listWithParams(cmd);
                } else {
                    runner.list();
                }
            } else {
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks the model benchmark's parameters; the message names the value and what is accepted.
     */
    static void validateParameters(CommandLineOptions cmd) {
        Collection<String> inputs = cmd.getParameter(BenchParam.INPUT.jmhName()).orElse(List.of());
        for (String model : cmd.getParameter(BenchParam.MODEL.jmhName()).orElse(List.of())) {
            if (TorchScriptModel.names(model) && inputs.isEmpty()) {
                throw new IllegalArgumentException(
                        "model "
                                + model
                                + " needs -p "
                                + BenchParam.INPUT.jmhName()
                                + "=SHAPES, e.g. 1x3x224x224 or 1x128:int64;1x128:int64");
            }
            for (String input : inputs.isEmpty() ? List.of("") : inputs) {
                ModelRef.parse(model, input);
            }
        }
        for (BenchParam p : BenchParam.values()) {
            if (p.numeric()) {
                cmd.getParameter(p.jmhName()).orElse(List.of()).forEach(p::parse);
            }
        }
    }
}
