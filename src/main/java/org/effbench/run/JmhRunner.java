package org.effbench.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
            options.include(InferenceBenchmark.BENCHMARK);
        }
        if (!cmd.shouldFailOnError().hasValue()) {
            options.shouldFailOnError(true);
        }
        int callers = cmd.getThreads().orElse(1);
        String json = callersJson(callers);
        if (userResult.isPresent()) {
            // JMH would write the asked file where it likes (the working directory); effbench
            // writes it, and its own JSON, from the results instead, so JMH's goes to a scratch
            // file
            options.resultFormat(ResultFormatType.JSON)
                    .result(AtomicFiles.partialOf(folder.file(SCRATCH)).toString());
        }
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
                            folder,
                            console,
                            OutputStream.nullOutputStream(),
                            guard::stopping,
                            new JmhProgressFilter.Shown(),
                            false)) {
                Collection<RunResult> measured = JmhConsole.run(options.build(), log);
                JmhResultFile.write(folder, json, measured);
                results.add(json);
                // effbench reads its own JSON; the format the user asked for is written beside it
                userResult.ifPresent(
                        r ->
                                console.println(
                                        r.format()
                                                + " results: "
                                                + r.write(folder, json, measured)));
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
            } finally {
                deleteScratch(folder);
            }
            guard.record(
                    () -> {
                        manifest.run();
                        RunRecords.writeMachine(folder, clock.instant());
                    });
        }
        return Optional.of(folder);
    }

    /** Where JMH writes the file effbench does not use when the user asked for a result format. */
    private static final String SCRATCH = "jmh-scratch.json";

    private static void deleteScratch(RunFolder folder) {
        try {
            Files.deleteIfExists(AtomicFiles.partialOf(folder.file(SCRATCH)));
        } catch (IOException e) {
            // a leftover .partial is never read: analyze reads jmh-*.json files only
        }
    }

    /** What a plain JMH run stopped from outside keeps. */
    private static String kept(RunFolder folder) {
        return "JMH writes its results at the end, so this run kept only its log, "
                + folder.file(JmhConsole.LOG)
                + "; a sweep definition (quick --definition, sweep) keeps each configuration"
                + " as it finishes and resumes";
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
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
                    ResultFormatFactory.getInstance(format, out).writeOut(measured);
                }
                return AtomicFiles.writeBytes(target, bytes.toByteArray());
            } catch (IOException | RuntimeException e) {
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
