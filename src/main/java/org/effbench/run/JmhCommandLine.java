package org.effbench.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import joptsimple.OptionException;
import joptsimple.OptionParser;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH's command line as effbench reads it: its options parsed by JMH itself, an option JMH does not
 * know told apart from a malformed one, its option names, and the benchmarks a set of patterns
 * selects, each listed once (JMH's own {@code -l} lists a benchmark once per mode it declares).
 */
public final class JmhCommandLine {

    private JmhCommandLine() {}

    /** An option neither JMH nor effbench knows, as it was typed. */
    public static final class UnknownOption extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String option;

        UnknownOption(String option) {
            super("unknown option '" + option + "'; JMH's options: benchmarks.jar jmh -h");
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    /**
     * Parses JMH's options.
     *
     * @throws UnknownOption for an option JMH does not know
     * @throws IllegalArgumentException for a known option with a bad value, or a benchmark pattern
     *     that is not a regular expression
     */
    public static CommandLineOptions parse(List<String> arguments) {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(arguments.toArray(String[]::new));
        } catch (CommandLineOptionException | RuntimeException e) {
            if (e.getCause() instanceof OptionException bad
                    && !bad.options().isEmpty()
                    && !optionNames().isEmpty()
                    && !optionNames().contains("-" + bad.options().get(0))) {
                throw new UnknownOption(asTyped(bad.options().get(0), arguments));
            }
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            throw badChoice(arguments)
                    .orElseGet(
                            () ->
                                    new IllegalArgumentException(
                                            "bad JMH option: "
                                                    + message.lines().findFirst().orElse(""),
                                            e));
        }
        for (String pattern : cmd.getIncludes()) {
            checkPattern(pattern);
        }
        for (String pattern : cmd.getExcludes()) {
            checkPattern(pattern);
        }
        return cmd;
    }

    /**
     * JMH's option names with their dash ({@code -bm}, {@code -rf}, …), read from its own parser;
     * empty if a JMH version hides them elsewhere (then no option is called unknown here and JMH's
     * own message stands).
     */
    public static SortedSet<String> optionNames() {
        return Names.ALL;
    }

    /** The benchmarks the patterns select, each once, sorted; all of them for no pattern. */
    public static SortedSet<String> benchmarks(List<String> includes, List<String> excludes) {
        SortedSet<String> names = new TreeSet<>();
        for (BenchmarkListEntry entry : entries(includes, excludes)) {
            names.add(entry.getUsername());
        }
        return names;
    }

    /** JMH's {@code -l}: each benchmark once. */
    static void list(CommandLineOptions cmd, PrintStream out) {
        out.println("Benchmarks: ");
        benchmarks(cmd.getIncludes(), cmd.getExcludes()).forEach(out::println);
    }

    /**
     * JMH's {@code -lp}: each benchmark once with its parameters, those given with {@code -p}
     * instead of the declared ones.
     */
    static void listWithParams(CommandLineOptions cmd, PrintStream out) {
        Map<String, BenchmarkListEntry> first = new TreeMap<>();
        for (BenchmarkListEntry entry : entries(cmd.getIncludes(), cmd.getExcludes())) {
            first.putIfAbsent(entry.getUsername(), entry);
        }
        out.println("Benchmarks: ");
        for (BenchmarkListEntry entry : first.values()) {
            out.println(entry.getUsername());
            if (entry.getParams().hasValue()) {
                for (Map.Entry<String, String[]> p : entry.getParams().get().entrySet()) {
                    Collection<String> values =
                            cmd.getParameter(p.getKey()).orElse(List.of(p.getValue()));
                    out.println(
                            "  param \"" + p.getKey() + "\" = {" + String.join(", ", values) + "}");
                }
            }
        }
    }

    private static SortedSet<BenchmarkListEntry> entries(
            List<String> includes, List<String> excludes) {
        OutputFormat silent =
                OutputFormatFactory.createFormatInstance(
                        new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
        return BenchmarkList.defaultList()
                .find(silent, includes.isEmpty() ? List.of(".*") : includes, excludes);
    }

    private static void checkPattern(String pattern) {
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "benchmark pattern '"
                            + pattern
                            + "' is not accepted; accepted: a regular expression matching a"
                            + " benchmark's name ("
                            + e.getDescription()
                            + ")",
                    e);
        }
    }

    /** JMH's options that take one of a few words, with those words as its help names them. */
    private static final Map<String, String> CHOICES =
            Map.of(
                    "-rf", "text, csv, scsv, json, latex",
                    "-bm", "thrpt, avgt, sample, ss, all (or several, joined by commas)",
                    "-wm", "INDI, BULK, BULK_INDI",
                    "-v", "SILENT, NORMAL, EXTRA",
                    "-tu", "m, s, ms, us, ns");

    /**
     * JMH names a bad word with its enum's class name, or in two lines; the value and the words
     * accepted instead, for the first such option whose value JMH rejects on its own.
     */
    private static Optional<IllegalArgumentException> badChoice(List<String> arguments) {
        for (int i = 0; i + 1 < arguments.size(); i++) {
            String option = arguments.get(i);
            String value = arguments.get(i + 1);
            if (CHOICES.containsKey(option)) {
                try {
                    new CommandLineOptions(option, value);
                } catch (CommandLineOptionException | RuntimeException e) {
                    return Optional.of(
                            new IllegalArgumentException(
                                    option
                                            + " "
                                            + value
                                            + " is not accepted; accepted: "
                                            + CHOICES.get(option),
                                    e));
                }
            }
        }
        return Optional.empty();
    }

    /** jopt-simple names an option without its dashes; the user typed one or two. */
    private static String asTyped(String name, List<String> arguments) {
        for (String argument : arguments) {
            String option = argument.split("=", 2)[0];
            if (option.startsWith("-") && option.replaceFirst("^--?", "").equals(name)) {
                return option;
            }
        }
        return "-" + name;
    }

    /** Read once: JMH keeps its parser private and lists its options only as help text. */
    private static final class Names {
        static final SortedSet<String> ALL = read();

        private static SortedSet<String> read() {
            SortedSet<String> names = new TreeSet<>();
            try {
                Field parser = CommandLineOptions.class.getDeclaredField("parser");
                parser.setAccessible(true);
                OptionParser options = (OptionParser) parser.get(new CommandLineOptions());
                for (String name : options.recognizedOptions().keySet()) {
                    if (!name.startsWith("[")) { // "[arguments]": the benchmark patterns
                        names.add("-" + name);
                    }
                }
            } catch (ReflectiveOperationException
                    | RuntimeException
                    | CommandLineOptionException e) {
                return Collections.emptySortedSet();
            }
            return Collections.unmodifiableSortedSet(names);
        }
    }
}
