package org.effbench.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.effbench.launch.Allocator;
import org.effbench.launch.ForkLauncher;
import org.effbench.launch.MklDispatch;

/**
 * A named way to start the benchmark forks: how the launcher sets them up (JDK, allocator, MKL
 * dispatch, environment) and the JVM options they get. Written in a definition as {@code
 * launch.NAME = allocator=jemalloc; jvmArgs=-XX:+UseParallelGC -Xmx4g; env.OMP_PROC_BIND=true}.
 */
public record LaunchSet(String name, ForkLauncher launcher, List<String> jvmArgs) {

    /** The launch set of a definition that names none. */
    public static final String DEFAULT = "default";

    /** Passed to each fork so results say which launch set they came from. */
    public static final String PROPERTY = "effbench.launch";

    /** Passed to each fork so results say what the set resolved to ({@link #describe()}). */
    public static final String SETTINGS_PROPERTY = "effbench.launchSettings";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final String FIELDS = "allocator, mklOnAmd, jdk, jvmArgs, env.NAME";

    public LaunchSet {
        jvmArgs = List.copyOf(jvmArgs);
    }

    /** The JVM options of the fork: the set's own, then its name and settings for the results. */
    public List<String> forkJvmArgs() {
        List<String> args = new ArrayList<>(jvmArgs);
        args.add("-D" + PROPERTY + "=" + name);
        args.add("-D" + SETTINGS_PROPERTY + "=" + describe());
        return args;
    }

    /** Key and value of a definition line, in the set's own vocabulary, for run records. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("allocator=" + launcher.allocator().id());
        parts.add("mklOnAmd=" + launcher.mkl().id());
        if (launcher.javaHome() != null) {
            parts.add("jdk=" + launcher.javaHome());
        }
        if (!jvmArgs.isEmpty()) {
            parts.add("jvmArgs=" + String.join(" ", jvmArgs));
        }
        launcher.environment().forEach((k, v) -> parts.add("env." + k + "=" + v));
        return String.join("; ", parts);
    }

    /**
     * Parses {@code field=value; field=value} on top of {@code base}.
     *
     * @throws IllegalArgumentException naming the field or value and what is accepted
     */
    public static LaunchSet parse(String name, String text, ForkLauncher base) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "launch set name '"
                            + name
                            + "' is not accepted; accepted: letters, digits, _ and -");
        }
        ForkLauncher launcher = base;
        List<String> jvmArgs = List.of();
        Map<String, String> env = new LinkedHashMap<>(base.environment());
        for (String part : text.split(";")) {
            String field = part.strip();
            if (field.isEmpty()) {
                continue;
            }
            int eq = field.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(
                        "'" + field + "' is not field=value; accepted fields: " + FIELDS);
            }
            String key = field.substring(0, eq).strip();
            String value = field.substring(eq + 1).strip();
            switch (key) {
                case "allocator" -> launcher = launcher.withAllocator(Allocator.parse(value));
                case "mklOnAmd" -> launcher = launcher.withMkl(MklDispatch.parse(value));
                case "jdk" -> launcher = launcher.withJavaHome(jdk(value));
                case "jvmArgs" ->
                        jvmArgs =
                                Arrays.stream(value.split("\\s+"))
                                        .filter(s -> !s.isEmpty())
                                        .toList();
                default -> {
                    if (!key.startsWith("env.") || !ENV.matcher(key.substring(4)).matches()) {
                        throw new IllegalArgumentException(
                                "unknown field '" + key + "'; accepted fields: " + FIELDS);
                    }
                    env.put(key.substring(4), value);
                }
            }
        }
        return new LaunchSet(
                name,
                new ForkLauncher(launcher.allocator(), launcher.mkl(), launcher.javaHome(), env),
                jvmArgs);
    }

    /**
     * @throws IllegalArgumentException if the folder holds no runnable JDK
     */
    static Path jdk(String value) {
        Path home = Path.of(value);
        if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
            throw new IllegalArgumentException(
                    "jdk '"
                            + value
                            + "' is not accepted; accepted: the home folder of an installed JDK "
                            + "(with bin/java), e.g. under /usr/lib/jvm");
        }
        return home;
    }

    /**
     * Checks what can only be checked on this machine before anything runs: the allocator can be
     * had (its library installed, or a compiler for the bundled jemalloc's shim).
     *
     * @throws IllegalArgumentException naming the set and what is missing
     */
    public void checkInstalled() {
        try {
            launcher.allocator().requireAvailable(Allocator.searchDirs(), ForkLauncher.cacheDir());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("launch set " + name + ": " + e.getMessage(), e);
        }
    }
}
