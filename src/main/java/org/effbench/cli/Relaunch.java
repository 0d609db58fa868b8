package org.effbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private Relaunch() {}

    /** Whether this JVM is the one a command started for itself. */
    static boolean inLaunchedJvm() {
        return System.getProperty(ForkLauncher.LAUNCHED) != null;
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
                            if (key.startsWith(ForkLauncher.SETTING)) {
                                out.put(key.substring(ForkLauncher.SETTING.length()), v.toString());
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
                    prepared.command(
                            List.of(),
                            System.getProperty("java.class.path"),
                            Main.class.getName(),
                            // the command and its options
                            spec.commandLine().getParseResult().originalArgs());
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } finally {
            Files.deleteIfExists(dir.resolve(ForkLauncher.SCRIPT));
            Files.deleteIfExists(dir);
        }
    }
}
