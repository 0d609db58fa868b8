package org.effbench.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;
import org.effbench.bench.BenchParam;
import org.effbench.run.JmhCommandLine;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar target/benchmarks.jar [command | JMH options]}.
 *
 * <p>No arguments runs the quick sweep. Arguments that are not one of our commands go to JMH
 * ({@code -p model=resnet50 -t 2 …}), so every JMH option keeps working; a word that is neither a
 * command nor matches a benchmark, or an option neither knows, ends in one line with what was
 * probably meant.
 */
@Command(
        name = "benchmarks.jar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Measures how efficiently neural networks run on the JVM through DJL (PyTorch engine).",
        subcommands = {
            CommandLine.HelpCommand.class,
            QuickCommand.class,
            SweepCommand.class,
            TuneCommand.class,
            JmhCommand.class,
            AnalyzeCommand.class,
            CompareCommand.class,
            MergeCommand.class,
            ProfileCommand.class,
            OpsCommand.class,
            ServeCommand.class,
            ServeCheckCommand.class,
            DeviationCommand.class,
            ModelsCommand.class,
            InfoCommand.class
        })
public final class Main implements Runnable {

    /** Exit code of a run that failed while measuring. */
    static final int FAILED = 1;

    /** Exit code of bad input, found before anything ran. */
    static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.getCommandSpec()
                .usageMessage()
                .footer(
                        "",
                        "Anything else is passed to JMH, e.g.: java -jar target/benchmarks.jar"
                                + " -p "
                                + BenchParam.MODEL.jmhName()
                                + "=resnet50 -p "
                                + BenchParam.BATCH_SIZE.jmhName()
                                + "=1,8 -t 2",
                        "JMH's own help: java -jar target/benchmarks.jar jmh -h; a command's:"
                                + " java -jar target/benchmarks.jar help COMMAND");
        cli.setExecutionExceptionHandler(Main::oneLine);
        cli.setParameterExceptionHandler(Main::badInput);
        Optional<String> typo = mistypedCommand(cli, args);
        if (typo.isPresent()) {
            cli.getErr().println("benchmarks.jar: " + typo.get());
            return BAD_INPUT;
        }
        return cli.execute(route(cli, args));
    }

    /**
     * No arguments means the quick run; arguments that are not ours are JMH's. Ours are what
     * picocli has registered on {@code cli}: its subcommands and its own options (help, version).
     */
    static String[] route(CommandLine cli, String... args) {
        if (args.length == 0) {
            return new String[] {nameOf(QuickCommand.class)};
        }
        if (cli.getSubcommands().containsKey(args[0])
                || cli.getCommandSpec().optionsMap().containsKey(args[0])) {
            return args;
        }
        List<String> routed = new ArrayList<>(List.of(nameOf(JmhCommand.class)));
        routed.addAll(List.of(args));
        return routed.toArray(String[]::new);
    }

    /**
     * A first word that would go to JMH as a benchmark pattern but matches no benchmark and is a
     * few letters from one of our commands ({@code profiel}) was meant as that command.
     */
    static Optional<String> mistypedCommand(CommandLine cli, String... args) {
        if (args.length == 0 || args[0].startsWith("-") || !goesToJmh(cli, args)) {
            return Optional.empty();
        }
        List<String> close = Suggestions.closest(args[0], cli.getSubcommands().keySet());
        if (close.isEmpty() || matchesABenchmark(args[0])) {
            return Optional.empty();
        }
        return Optional.of(
                "unknown command '"
                        + args[0]
                        + "' (no benchmark matches it either)"
                        + Suggestions.didYouMean(args[0], close)
                        + " (commands: benchmarks.jar help)");
    }

    private static boolean goesToJmh(CommandLine cli, String... args) {
        return !route(cli, args)[0].equals(args[0]);
    }

    private static boolean matchesABenchmark(String pattern) {
        try {
            return !JmhCommandLine.benchmarks(List.of(pattern), List.of()).isEmpty();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /**
     * picocli's bad input in one line: an unknown option or command with the closest known ones,
     * and where the accepted ones are listed.
     */
    private static int badInput(CommandLine.ParameterException e, String[] args) {
        CommandLine where = e.getCommandLine();
        CommandLine.Model.CommandSpec spec = where.getCommandSpec();
        String help =
                spec.parent() == null
                        ? "benchmarks.jar -h"
                        : "benchmarks.jar help " + where.getCommandName();
        String message = e.getMessage();
        // a mistyped option also leaves the option it meant missing: name the cause, not that
        List<String> unmatched =
                e instanceof CommandLine.UnmatchedArgumentException u
                        ? u.getUnmatched()
                        : where.getUnmatchedArguments();
        if (!unmatched.isEmpty()
                && (e instanceof CommandLine.UnmatchedArgumentException
                        || unmatched.get(0).startsWith("-"))) {
            String typed = unmatched.get(0);
            boolean option = typed.startsWith("-");
            message =
                    (option ? "unknown option '" : "unexpected argument '")
                            + typed
                            + "'"
                            + (spec.parent() == null ? "" : " for " + where.getCommandName())
                            + Suggestions.didYouMean(
                                    typed,
                                    option
                                            ? spec.optionsMap().keySet()
                                            : where.getSubcommands().keySet())
                            + " (accepted: "
                            + help
                            + ")";
        } else if (message.startsWith("Unknown subcommand") && e.getValue() != null) {
            // picocli's help command, asked about a command that does not exist
            message =
                    "unknown command '"
                            + e.getValue()
                            + "'"
                            + Suggestions.didYouMean(e.getValue(), where.getSubcommands().keySet())
                            + " (commands: benchmarks.jar help)";
        }
        where.getErr().println("benchmarks.jar: " + message);
        return BAD_INPUT;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static int oneLine(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (e instanceof IllegalArgumentException) {
            err.println("benchmarks.jar: " + e.getMessage());
            return BAD_INPUT;
        }
        err.println(
                "benchmarks.jar: "
                        + (e instanceof RunnerException ? "benchmark failed: " : "")
                        + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        return FAILED;
    }

    @Override
    public void run() {
        // Reached only with no subcommand, which route() never produces.
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required");
    }
}
