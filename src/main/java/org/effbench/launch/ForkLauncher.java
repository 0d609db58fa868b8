package org.effbench.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.effbench.engine.ForkCheck;

/**
 * How JMH starts each fork: the JDK, the malloc, MKL's dispatch on AMD, extra environment. {@link
 * #prepare} writes a launcher script that sets the environment and execs {@code java}; JMH runs it
 * in place of {@code java} ({@code -jvm}), so the settings reach the forks and only them.
 *
 * @param allocator the fork's malloc
 * @param mkl whether MKL may take its AVX-512 path on AMD
 * @param javaHome the JDK of the forks; {@code null} for the one running effbench
 * @param environment further variables (OMP_*, ...), set last
 */
public record ForkLauncher(
        Allocator allocator, MklDispatch mkl, Path javaHome, Map<String, String> environment) {

    public static final String SCRIPT = "fork-launcher.sh";

    /**
     * Set in a JVM started to run one of effbench's commands (a command's own relaunch, a sweep's
     * serve job): it runs the command instead of starting another JVM.
     */
    public static final String LAUNCHED = "effbench.launched";

    /** Prefix of the properties that tell such a JVM how it was launched ({@link Prepared}). */
    public static final String SETTING = "effbench.launch.";

    public ForkLauncher {
        // sorted, and kept sorted: Map.copyOf iterates in an order that changes from one JVM to
        // the next, which made a launch set's canonical form (and a sweep's resume hash) vary
        environment = Collections.unmodifiableMap(new TreeMap<>(environment));
    }

    /**
     * The defaults of every run, chosen by measurement (results/PERFORMANCE.md): the first
     * allocator of {@link Allocator#PREFERENCE} this machine has; MKL's AVX-512 path on AMD. System
     * properties {@code effbench.allocator} and {@code effbench.mklOnAmd} override them.
     */
    public static ForkLauncher defaults() {
        String allocator = System.getProperty("effbench.allocator");
        Allocator chosen =
                allocator != null
                        ? Allocator.parse(allocator)
                        : Allocator.preferred(Allocator.searchDirs(), cacheDir());
        return new ForkLauncher(
                chosen,
                MklDispatch.parse(System.getProperty("effbench.mklOnAmd", "auto")),
                null,
                Map.of());
    }

    /**
     * Where built helpers (the MKL shim) are cached: {@code $XDG_CACHE_HOME/effbench} or {@code
     * ~/.cache/effbench}.
     */
    public static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base =
                xdg != null && !xdg.isBlank()
                        ? Path.of(xdg)
                        : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("effbench");
    }

    public ForkLauncher withAllocator(Allocator a) {
        return new ForkLauncher(a, mkl, javaHome, environment);
    }

    public ForkLauncher withMkl(MklDispatch m) {
        return new ForkLauncher(allocator, m, javaHome, environment);
    }

    public ForkLauncher withJavaHome(Path home) {
        return new ForkLauncher(allocator, mkl, home, environment);
    }

    /** The launcher written into a run folder, and what it does, for the run's records. */
    public record Prepared(Path script, Map<String, String> settings) {

        /**
         * The command that runs {@code mainClass} with {@code args} in a JVM this launcher starts:
         * the script in place of {@code java}, the properties that tell the JVM it was launched and
         * how ({@link #SETTING}{@code KEY=VALUE} for each of {@link #settings}, {@link #LAUNCHED}),
         * {@code jvmArgs}, then the classpath and the class.
         */
        public List<String> command(
                List<String> jvmArgs, String classpath, String mainClass, List<String> args) {
            List<String> command = new ArrayList<>(List.of(script.toString()));
            // how this JVM was launched, for the command's own record of its run
            settings.forEach((k, v) -> command.add("-D" + SETTING + k + "=" + v));
            command.add("-D" + LAUNCHED + "=true");
            command.addAll(jvmArgs);
            command.addAll(List.of("-cp", classpath, mainClass));
            command.addAll(args);
            return command;
        }
    }

    /**
     * Resolves libraries and the JDK and writes the launcher script into {@code dir}.
     *
     * @throws IllegalArgumentException if the JDK or a library is missing, naming it
     */
    public Prepared prepare(Path dir, Path cacheDir) {
        return prepare(dir, cacheDir, SCRIPT);
    }

    /** As {@link #prepare(Path, Path)}, with the script named {@code scriptName}. */
    public Prepared prepare(Path dir, Path cacheDir, String scriptName) {
        Path java = java();
        MklDispatch.Decision decision = mkl.decide(cacheDir);
        Map<String, String> env =
                processEnvironment(cacheDir, decision.shim().stream().toList(), true);

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("java", java.toString());
        settings.put("allocator", allocator.id());
        settings.put("mklOnAmd", mkl.id() + " (" + decision.reason() + ")");
        env.forEach((k, v) -> settings.put("env." + k, v));
        Path script = dir.resolve(scriptName).toAbsolutePath();
        try {
            Files.writeString(script, script(java, env));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script + ": " + e.getMessage(), e);
        }
        return new Prepared(script, settings);
    }

    /**
     * The variables a process of this launch set starts with, in order: the allocator's, {@code
     * LD_PRELOAD} of its libraries followed by {@code more} (with the list the fork checks them
     * against, when {@code checked}), then the set's own. Forks and the peer alike.
     */
    public Map<String, String> processEnvironment(Path cacheDir, List<Path> more, boolean checked) {
        List<String> preload = new ArrayList<>();
        allocator.preload(Allocator.searchDirs(), cacheDir).forEach(p -> preload.add(p.toString()));
        more.forEach(p -> preload.add(p.toString()));
        Map<String, String> env = new LinkedHashMap<>(allocator.environment());
        if (!preload.isEmpty()) {
            env.put("LD_PRELOAD", String.join(" ", preload));
            if (checked) {
                env.put(ForkCheck.EXPECT_PRELOADED, String.join(":", preload));
            }
        }
        env.putAll(environment);
        return env;
    }

    private Path java() {
        Path home = javaHome != null ? javaHome : Path.of(System.getProperty("java.home"));
        Path java = home.resolve("bin").resolve("java");
        if (!Files.isExecutable(java)) {
            throw new IllegalArgumentException(
                    "JDK '"
                            + home
                            + "' has no executable bin/java; accepted: the home folder of an installed JDK"
                            + " (for example under /usr/lib/jvm)");
        }
        return java;
    }

    static String script(Path java, Map<String, String> env) {
        String exports =
                env.entrySet().stream()
                        .map(e -> "export " + e.getKey() + "=" + quote(e.getValue()))
                        .collect(Collectors.joining("\n"));
        return "#!/bin/sh\n# Written by effbench: the environment of each benchmark fork.\n"
                + (exports.isEmpty() ? "" : exports + "\n")
                + "exec "
                + quote(java.toString())
                + " \"$@\"\n";
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
