package org.effbench.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.effbench.launch.Allocator;
import org.effbench.launch.ForkLauncher;
import org.effbench.launch.MklDispatch;
import org.effbench.model.ModelRef;
import org.effbench.model.TorchScriptModel;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What one run measures: models x batch sizes x intra-op threads x callers, the JMH modes and
 * iteration settings, and the size of the GEMM ceiling. Read from a {@code key = value} file
 * (see {@code benchmarks/README.md}).
 */
public record SweepDefinition(
        String name,
        List<ModelRef> models,
        List<Integer> batchSizes,
        List<Integer> intraOpThreads,
        List<Integer> callers,
        List<Mode> modes,
        int warmupIterations,
        TimeValue warmupTime,
        int measurementIterations,
        TimeValue measurementTime,
        int forks,
        int ceilingMatrixSize,
        int ceilingArrayMiB,
        List<Integer> interOpThreads,
        List<LaunchSet> launches,
        Interleave interleave) {

    /** What varies fastest in the run order: what a run compares is best measured side by side in time. */
    public enum Interleave {
        /** Launch sets (tuning: the same model under each set in turn). */
        LAUNCHES,
        /** Models (A/B of models: each configuration of every model in turn). */
        MODELS;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Interleave parse(String text) {
            return Arrays.stream(values()).filter(v -> v.id().equals(text.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("interleave '" + text + "' is not accepted; accepted: "
                            + "launches, models"));
        }
    }

    /** The definition of the default run, carried inside the jar. */
    public static final String QUICK = "benchmarks/quick.properties";

    private static final Set<String> REQUIRED = Set.of(
            "models", "batchSizes", "intraOpThreads", "callers", "modes", "warmupIterations", "warmupTime",
            "measurementIterations", "measurementTime", "forks", "ceilingMatrixSize", "ceilingArrayMiB");

    /**
     * interOpThreads defaults to 0 (libtorch's own choice); allocator, mklOnAmd and jdk to
     * {@link ForkLauncher#defaults()}, and are the base of every {@code launch.NAME} set; input is
     * the input shapes of the {@code file:} models in models, and required with them; interleave
     * defaults to launches.
     */
    private static final Set<String> OPTIONAL = Set.of("interOpThreads", "allocator", "mklOnAmd", "jdk", "input",
            "interleave");

    /** Prefix of the keys that name launch sets. */
    private static final String LAUNCH = "launch.";

    private static final Set<String> KEYS = union(REQUIRED, OPTIONAL);

    public SweepDefinition {
        models = List.copyOf(models);
        batchSizes = List.copyOf(batchSizes);
        intraOpThreads = List.copyOf(intraOpThreads);
        callers = List.copyOf(callers);
        modes = List.copyOf(modes);
        interOpThreads = List.copyOf(interOpThreads);
        launches = List.copyOf(launches);
    }

    /** Reads the quick definition from the classpath. */
    public static SweepDefinition quick(int cores) {
        try (InputStream in = SweepDefinition.class.getClassLoader().getResourceAsStream(QUICK)) {
            if (in == null) {
                throw new IllegalStateException(QUICK + " is missing from the classpath: rebuild with mvn package");
            }
            return parse(QUICK, new String(in.readAllBytes(), StandardCharsets.UTF_8), cores);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + QUICK + ": " + e.getMessage(), e);
        }
    }

    public static SweepDefinition read(Path file, int cores) {
        if (!Files.isRegularFile(file)) {
            throw new DefinitionException("sweep definition " + file + " does not exist or is not a file");
        }
        try {
            return parse(file.toString(), Files.readString(file), cores);
        } catch (IOException e) {
            throw new DefinitionException("cannot read sweep definition " + file + ": " + e.getMessage());
        }
    }

    /**
     * Parses a definition; {@code cores} is what {@code all} threads means.
     *
     * @throws DefinitionException naming the source, the line and what is accepted
     */
    public static SweepDefinition parse(String source, String text, int cores) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            Entry entry = new Entry(source, i + 1, eq < 0 ? line : line.substring(0, eq).strip(),
                    eq < 0 ? "" : line.substring(eq + 1).strip());
            if (eq < 0) {
                throw entry.error("expected 'key = value'");
            }
            if (!KEYS.contains(entry.key) && !entry.key.startsWith(LAUNCH)) {
                throw entry.error("unknown key '" + entry.key + "'; accepted: " + sorted(KEYS) + ", " + LAUNCH + "NAME");
            }
            if (entries.put(entry.key, entry) != null) {
                throw entry.error("key '" + entry.key + "' is given twice");
            }
        }
        List<String> missing = REQUIRED.stream().filter(k -> !entries.containsKey(k)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new DefinitionException(source + ": missing keys " + missing);
        }
        return new SweepDefinition(
                source.replaceAll(".*/", "").replaceAll("\\.properties$", ""),
                models(entries),
                entries.get("batchSizes").list(v -> v.wholeNumber(1)),
                entries.get("intraOpThreads").list(v -> v.value.equals("all") ? cores : v.wholeNumber(1)),
                entries.get("callers").list(v -> v.wholeNumber(1)),
                entries.get("modes").list(Entry::mode),
                entries.get("warmupIterations").wholeNumber(0),
                entries.get("warmupTime").time(),
                entries.get("measurementIterations").wholeNumber(1),
                entries.get("measurementTime").time(),
                entries.get("forks").wholeNumber(1),
                entries.get("ceilingMatrixSize").wholeNumber(0),
                entries.get("ceilingArrayMiB").wholeNumber(0),
                entries.containsKey("interOpThreads") ? entries.get("interOpThreads").list(v -> v.wholeNumber(0)) : List.of(0),
                launches(entries),
                entries.containsKey("interleave") ? entries.get("interleave").parsed(Interleave::parse) : Interleave.LAUNCHES);
    }

    /** The models, file models with the shapes of the input key, which only they take. */
    private static List<ModelRef> models(Map<String, Entry> entries) {
        Entry input = entries.get("input");
        if (input != null) {
            input.parsed(TorchScriptModel::parseInputs);
        }
        List<ModelRef> models = entries.get("models").list(e -> e.model(input));
        if (input != null && models.stream().noneMatch(ModelRef::isFile)) {
            throw input.error("input gives the shapes of file: models, and models lists none");
        }
        return models;
    }

    /** The launch sets in file order, each on top of the base; one set named default when none is given. */
    private static List<LaunchSet> launches(Map<String, Entry> entries) {
        ForkLauncher base = base(entries);
        List<LaunchSet> sets = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.key.startsWith(LAUNCH)) {
                String name = e.key.substring(LAUNCH.length());
                sets.add(e.parsed(v -> LaunchSet.parse(name, v, base)));
            }
        }
        return sets.isEmpty() ? List.of(new LaunchSet(LaunchSet.DEFAULT, base, List.of())) : sets;
    }

    private static ForkLauncher base(Map<String, Entry> entries) {
        ForkLauncher launcher = ForkLauncher.defaults();
        if (entries.containsKey("allocator")) {
            launcher = launcher.withAllocator(entries.get("allocator").parsed(Allocator::parse));
        }
        if (entries.containsKey("mklOnAmd")) {
            launcher = launcher.withMkl(entries.get("mklOnAmd").parsed(MklDispatch::parse));
        }
        if (entries.containsKey("jdk")) {
            launcher = launcher.withJavaHome(entries.get("jdk").parsed(LaunchSet::jdk));
        }
        return launcher;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** The same sweep over other models (tuning one model with a definition's launch sets). */
    public SweepDefinition withModels(List<ModelRef> others) {
        return new SweepDefinition(name, others, batchSizes, intraOpThreads, callers, modes, warmupIterations, warmupTime,
                measurementIterations, measurementTime, forks, ceilingMatrixSize, ceilingArrayMiB, interOpThreads, launches,
                interleave);
    }

    /** The definition in its own vocabulary, every value in canonical text form, for run records. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("models", join(models));
        models.stream().filter(ModelRef::isFile).findFirst().ifPresent(m -> out.put("input", m.input()));
        out.put("batchSizes", join(batchSizes));
        out.put("intraOpThreads", join(intraOpThreads));
        out.put("callers", join(callers));
        out.put("modes", modes.stream().map(Mode::shortLabel).collect(Collectors.joining(", ")));
        out.put("warmupIterations", Integer.toString(warmupIterations));
        out.put("warmupTime", duration(warmupTime));
        out.put("measurementIterations", Integer.toString(measurementIterations));
        out.put("measurementTime", duration(measurementTime));
        out.put("forks", Integer.toString(forks));
        out.put("ceilingMatrixSize", Integer.toString(ceilingMatrixSize));
        out.put("ceilingArrayMiB", Integer.toString(ceilingArrayMiB));
        out.put("interOpThreads", join(interOpThreads));
        launches.forEach(l -> out.put(LAUNCH + l.name(), l.describe()));
        if (interleave != Interleave.LAUNCHES) {
            out.put("interleave", interleave.id());
        }
        return out;
    }

    private static String duration(TimeValue t) {
        return t.getTime() + (t.getTimeUnit() == TimeUnit.MILLISECONDS ? "ms" : "s");
    }

    private static String join(List<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    /** Number of configurations of the model benchmark, each run on its own (not counting the ceilings). */
    public int configurations() {
        return launches.size() * models.size() * batchSizes.size() * intraOpThreads.size() * interOpThreads.size()
                * callers.size() * modes.size();
    }

    private static String sorted(Set<String> keys) {
        return keys.stream().sorted().collect(Collectors.joining(", "));
    }

    /** One {@code key = value} line, able to say where it came from when its value is wrong. */
    private record Entry(String source, int line, String key, String value) {

        DefinitionException error(String reason) {
            return new DefinitionException(source + ":" + line + ": " + reason);
        }

        DefinitionException error(String item, String accepted) {
            return error(key + ": '" + item + "' is not accepted; " + accepted);
        }

        <T> List<T> list(Function<Entry, T> parseOne) {
            List<T> out = new ArrayList<>();
            for (String item : value.split(",")) {
                String trimmed = item.strip();
                if (trimmed.isEmpty()) {
                    throw error(key + " has an empty item in '" + value + "'");
                }
                T parsed = parseOne.apply(new Entry(source, line, key, trimmed));
                if (out.contains(parsed)) {
                    throw error(key + " lists '" + trimmed + "' twice");
                }
                out.add(parsed);
            }
            return out;
        }

        int wholeNumber(int min) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, with what is accepted
            }
            throw error(value, "accepted: a whole number >= " + min + (key.equals("intraOpThreads") ? " or 'all'" : ""));
        }

        /** The value parsed by {@code parser}, whose message is kept and placed at this line. */
        <T> T parsed(Function<String, T> parser) {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        ModelRef model(Entry input) {
            if (TorchScriptModel.names(value) && input == null) {
                throw error("model " + value + " needs the key input: its input shapes, batch first, e.g. "
                        + "input = 1x3x224x224 or input = 1x128:int64;1x128:int64");
            }
            try {
                return ModelRef.parse(value, input == null ? null : input.value);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        Mode mode() {
            return Arrays.stream(Mode.values())
                    .filter(m -> m != Mode.All && m.shortLabel().equals(value))
                    .findFirst()
                    .orElseThrow(() -> error(value, "accepted: sample, thrpt, avgt, ss"));
        }

        TimeValue time() {
            String v = value.toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return positive(new TimeValue(Long.parseLong(v.substring(0, v.length() - 2)), TimeUnit.MILLISECONDS));
                }
                if (v.endsWith("s")) {
                    return positive(new TimeValue(Long.parseLong(v.substring(0, v.length() - 1)), TimeUnit.SECONDS));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(value, "accepted: a duration such as 500ms or 2s");
        }

        private TimeValue positive(TimeValue t) {
            if (t.getTime() < 1) {
                throw error(value, "accepted: a duration of at least 1ms");
            }
            return t;
        }
    }
}
