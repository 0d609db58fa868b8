package org.effbench.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.effbench.bench.BenchParam;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar target/benchmarks.jar [command | JMH options]}.
 *
 * <p>No arguments runs the quick sweep. Arguments that are not one of our commands go to JMH
 * ({@code -p model=resnet50 -t 2 …}), so every JMH option keeps working.
 */
@Command(
        name = "benchmarks.jar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Measures how efficiently neural networks run on the JVM through DJL (PyTorch engine).",
        subcommands = {
            QuickCommand.class,
            SweepCommand.class,
            TuneCommand.class,
            JmhCommand.class,
            AnalyzeCommand.class,
            CompareCommand.class,
            MergeCommand.class,
            ProfileCommand.class,
            OpsCommand.class,
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
                        "JMH's own help: java -jar target/benchmarks.jar jmh -h");
        cli.setExecutionExceptionHandler(Main::oneLine);
        cli.setParameterExceptionHandler(
                (e, a) -> {
                    e.getCommandLine().getErr().println("benchmarks.jar: " + e.getMessage());
                    return BAD_INPUT;
                });
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
