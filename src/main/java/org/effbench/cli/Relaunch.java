package org.effbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.effbench.launch.ForkLauncher;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the current command again, same arguments, in a JVM started through a {@link ForkLauncher}
 * (its malloc and environment are fixed at process start, so they cannot be changed in place).
 */
final class Relaunch {

    /** Set in the JVM a command starts for itself. */
    static final String LAUNCHED = "effbench.launched";

    private Relaunch() {}

    /** Whether this JVM is the one a command started for itself. */
    static boolean inLaunchedJvm() {
        return System.getProperty(LAUNCHED) != null;
    }

    /** Runs the command in a JVM started by {@code launcher}; returns its exit code. */
    static int run(ForkLauncher launcher, CommandSpec spec, String what)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("effbench-" + spec.name());
        try {
            ForkLauncher.Prepared prepared = launcher.prepare(dir, ForkLauncher.cacheDir());
            System.err.println(what + " in a JVM started with " + prepared.settings());
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    prepared.script().toString(),
                                    "-D" + LAUNCHED + "=true",
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    Main.class.getName()));
            command.addAll(
                    spec.commandLine()
                            .getParseResult()
                            .originalArgs()); // the command and its options
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } finally {
            Files.deleteIfExists(dir.resolve(ForkLauncher.SCRIPT));
            Files.deleteIfExists(dir);
        }
    }
}
