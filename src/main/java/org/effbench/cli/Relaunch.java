package org.effbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.effbench.launch.ForkLauncher;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the current command again, same arguments, in a JVM started through a {@link ForkLauncher}
 * (its malloc and environment are fixed at process start, so they cannot be changed in place).
 */
final class Relaunch {

    /** Set in the JVM a command starts for itself. */
    static final String LAUNCHED = "effbench.launched";

    /** Prefix of the properties that tell the started JVM how it was launched. */
    static final String SETTING = "effbench.launch.";

    private Relaunch() {}

    /** Whether this JVM is the one a command started for itself. */
    static boolean inLaunchedJvm() {
        return System.getProperty(LAUNCHED) != null;
    }

    /**
     * How this JVM was launched (allocator, MKL dispatch, environment), as {@link #run} passed it;
     * empty when it was not started by {@link #run}.
     */
    static Map<String, String> settings() {
        Map<String, String> out = new TreeMap<>();
        System.getProperties()
                .forEach(
                        (k, v) -> {
                            String key = k.toString();
                            if (key.startsWith(SETTING)) {
                                out.put(key.substring(SETTING.length()), v.toString());
                            }
                        });
        return out;
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
            // how this JVM was launched, for the command's own record of its run
            prepared.settings().forEach((k, v) -> command.add(1, "-D" + SETTING + k + "=" + v));
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
