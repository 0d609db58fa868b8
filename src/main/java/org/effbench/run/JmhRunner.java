package org.effbench.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.effbench.base.AtomicFiles;
import org.effbench.bench.BenchParam;
import org.effbench.bench.InferenceBenchmark;
import org.effbench.launch.ForkLauncher;
import org.effbench.model.ModelRef;
import org.effbench.model.TorchScriptModel;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
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
     * benchmark. It always keeps JMH's JSON in the run folder (effbench derives its results from
     * it); {@code -rf}/{@code -rff} add a file in the format asked for, in the run folder or where
     * {@code -rff} says.
     *
     * @return the run folder, or empty when the options only asked for help or a listing
     */
    public Optional<RunFolder> runJmh(List<String> jmhArguments) throws RunnerException {
        CommandLineOptions cmd = JmhCommandLine.parse(jmhArguments);
        if (answeredWithoutRunning(cmd)) {
            return Optional.empty();
        }
        if (!cmd.getIncludes().isEmpty()
                && JmhCommandLine.benchmarks(cmd.getIncludes(), cmd.getExcludes()).isEmpty()) {
            throw new IllegalArgumentException(
                    "no benchmark matches "
                            + String.join(" ", cmd.getIncludes())
                            + (cmd.getExcludes().isEmpty()
                                    ? ""
                                    : " without " + String.join(" ", cmd.getExcludes()))
                            + "; accepted: a regular expression matching one of "
                            + String.join(", ", JmhCommandLine.benchmarks(List.of(), List.of())));
        }
        validateParameters(cmd);
        Optional<UserResult> userResult = UserResult.of(cmd);
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
        int callers = cmd.getThreads().orElse(1);
        String json = callersJson(callers);
        List<String> results = new ArrayList<>();
        try (PrintStream log = JmhConsole.open(folder, console, OutputStream.nullOutputStream())) {
            Collection<RunResult> measured = run(options, folder, json, log);
            results.add(json);
            // effbench reads its own JSON; the format the user asked for is written beside it
            userResult.ifPresent(
                    r ->
                            console.println(
                                    r.format() + " results: " + r.write(folder, json, measured)));
        } finally {
            RunRecords.writeManifest(
                    folder,
                    "jmh",
                    jmhArguments,
                    Map.of("jmhArguments", jmhArguments),
                    Map.of("default", forkSettings),
                    start,
                    clock.instant(),
                    results);
        }
        RunRecords.writeMachine(folder, clock.instant());
        return Optional.of(folder);
    }

    /** JMH's help and listings, as its own Main does them. */
    private boolean answeredWithoutRunning(CommandLineOptions cmd) {
        try {
            if (cmd.shouldHelp()) {
                cmd.showHelp();
            } else if (cmd.shouldListProfilers()) {
                cmd.listProfilers();
            } else if (cmd.shouldListResultFormats()) {
                cmd.listResultFormats();
            } else if (cmd.shouldListWithParams()) {
                JmhCommandLine.listWithParams(cmd, console);
            } else if (cmd.shouldList()) {
                JmhCommandLine.list(cmd, console);
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

    private static Collection<RunResult> run(
            ChainedOptionsBuilder options, RunFolder folder, String jsonName, PrintStream log)
            throws RunnerException {
        options.resultFormat(ResultFormatType.JSON).result(folder.partial(jsonName).toString());
        Collection<RunResult> measured = JmhConsole.run(options.build(), log);
        if (!Files.exists(folder.partial(jsonName))) {
            throw new IllegalStateException(
                    "JMH finished without writing " + folder.partial(jsonName));
        }
        folder.publish(jsonName);
        return measured;
    }

    /**
     * The result file {@code -rf}/{@code -rff} asked for, as JMH names it: {@code -rff FILE} where
     * the user said, else {@code jmh-result.<format>} in the run folder (JMH's name, in the run
     * folder rather than the working directory). A JSON without {@code -rff} is effbench's own.
     */
    record UserResult(ResultFormatType format, Optional<Path> file) {

        static Optional<UserResult> of(CommandLineOptions cmd) {
            if (!cmd.getResult().hasValue() && !cmd.getResultFormat().hasValue()) {
                return Optional.empty();
            }
            ResultFormatType format = cmd.getResultFormat().orElse(Defaults.RESULT_FORMAT);
            Optional<Path> file = Optional.empty();
            if (cmd.getResult().hasValue()) {
                Path given = Path.of(cmd.getResult().get()).toAbsolutePath();
                if (!Files.isDirectory(given.getParent())) {
                    throw new IllegalArgumentException(
                            "-rff "
                                    + cmd.getResult().get()
                                    + ": folder "
                                    + given.getParent()
                                    + " does not exist; accepted: a file in an existing folder");
                }
                if (Files.isDirectory(given)) {
                    throw new IllegalArgumentException(
                            "-rff "
                                    + cmd.getResult().get()
                                    + " is a folder; accepted: a file in an existing folder");
                }
                file = Optional.of(Path.of(cmd.getResult().get()));
            }
            return Optional.of(new UserResult(format, file));
        }

        /** Writes the results in the asked format, whole or not at all; returns where. */
        Path write(RunFolder folder, String ownJson, Collection<RunResult> measured) {
            if (file.isEmpty() && format == ResultFormatType.JSON) {
                return folder.file(ownJson);
            }
            Path target =
                    file.orElse(
                            folder.file(
                                    Defaults.RESULT_FILE_PREFIX
                                            + "."
                                            + format.toString().toLowerCase(Locale.ROOT)));
            try {
                ResultFormatFactory.getInstance(format, AtomicFiles.partialOf(target).toString())
                        .writeOut(measured);
                return AtomicFiles.publish(target);
            } catch (IOException | RuntimeException e) {
                try {
                    Files.deleteIfExists(AtomicFiles.partialOf(target));
                } catch (IOException ignored) {
                    // the message below names the file
                }
                throw new IllegalStateException(
                        "cannot write the "
                                + format
                                + " results to "
                                + target
                                + ": "
                                + e.getMessage()
                                + " (effbench's own JSON is in "
                                + folder.file(ownJson)
                                + ")",
                        e);
            }
        }
    }
}
