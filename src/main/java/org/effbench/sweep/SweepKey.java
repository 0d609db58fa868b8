package org.effbench.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.effbench.base.Checks;
import org.effbench.bench.BenchParam;
import org.effbench.launch.Allocator;
import org.effbench.launch.ForkLauncher;
import org.effbench.launch.MklDispatch;
import org.effbench.model.ModelRef;
import org.effbench.model.TorchScriptModel;
import org.effbench.serve.Arrival;
import org.effbench.serve.BatchPolicy;
import org.effbench.serve.Durations;
import org.effbench.serve.ServeOptions;
import org.effbench.sweep.SweepDefinition.Interleave;
import org.effbench.sweep.SweepDefinition.Peer;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The keys of a sweep definition file, one constant each: its name, the kinds of definition it
 * belongs to ({@link SweepKind}: jmh, serve or both), whether it is required (or else its default),
 * how its value is read and checked, how it is written back in canonical form, and its row of the
 * key table in {@code benchmarks/README.md}. {@link SweepDefinition} parses, checks, names keys in
 * its errors, describes and documents only through this table, so a new key is one constant here,
 * and its test ({@code SweepKeyTest} then fails until the README holds {@link #readmeTable()},
 * which it prints). The order of the constants is the order of {@link SweepDefinition#describe()}
 * (run records and the resume hash depend on it) and of the README.
 *
 * @param <T> the type of the key's value
 */
public final class SweepKey<T> {

    /** Every key, in the order declared below: each constant adds itself. */
    private static final List<SweepKey<?>> ALL = new ArrayList<>();

    /** The name of {@link #MAX_DELAY}, for the check of its default. */
    private static final String MAX_DELAY_NAME = "maxDelay";

    /**
     * The value of {@link #INTRA_OP_THREADS} and {@link #LAYOUTS} that means the machine's cores.
     */
    private static final String ALL_CORES = "all";

    /** The JMH modes a definition accepts, in the order its messages name them. */
    private static final List<Mode> JMH_MODES =
            List.of(Mode.SampleTime, Mode.Throughput, Mode.AverageTime, Mode.SingleShotTime);

    /** The kinds a key applies to. */
    private static final Set<SweepKind> BOTH = EnumSet.allOf(SweepKind.class);

    private static final Set<SweepKind> JMH_ONLY = EnumSet.of(SweepKind.JMH);
    private static final Set<SweepKind> SERVE_ONLY = EnumSet.of(SweepKind.SERVE);

    /**
     * Read before every other key: which keys apply. Written only when not the default, so the
     * canonical form (and resume hash) of every JMH definition stays what it was before the key.
     */
    public static final SweepKey<SweepKind> KIND =
            optional(
                    BOTH,
                    "kind",
                    "optional",
                    new Kind<>(
                            oneOf(List.of(SweepKind.values()), SweepKind::id),
                            SweepKind::id,
                            code(List.of(SweepKind.values()), SweepKind::id)),
                    () -> SweepKind.JMH,
                    Written.UNLESS_DEFAULT,
                    "what the sweep measures: `jmh` (the default) runs the JMH benchmark per"
                            + " configuration, `serve` the serving capacity per layout (the `serve`"
                            + " command, open loop: README's \"Serving capacity\"); a key marked jmh"
                            + " only or serve only belongs to that kind alone");

    public static final SweepKey<List<ModelRef>> MODELS =
            required(
                    BOTH,
                    "models",
                    new Kind<>(
                            SweepKey::models,
                            SweepKey::join,
                            "zoo ids (`resnet50`, `bert_base:seq=256`, …) and TorchScript files (`file:PATH.pt`), comma-separated"),
                    "models to run; `java -jar target/benchmarks.jar models` lists the zoo; a relative path is taken from where the run "
                            + "starts");

    public static final SweepKey<String> INPUT =
            optional(
                    BOTH,
                    "input",
                    "required with `file:` models",
                    new Kind<>(
                            (line, reading) -> line.parsed(ModelRef::canonicalInput),
                            Function.identity(),
                            "input shapes, batch first: `1x3x224x224`, `1x128:int64;1x128:int64` (`,` separates inputs too)"),
                    () -> "",
                    Written.UNLESS_DEFAULT,
                    "the inputs of the file models in `models` (the batch is replaced by each batch size); one per definition");

    public static final SweepKey<List<Integer>> BATCH_SIZES =
            required(
                    JMH_ONLY,
                    "batchSizes",
                    numbers(BenchParam.BATCH_SIZE),
                    "samples per forward pass");

    public static final SweepKey<List<Integer>> INTRA_OP_THREADS =
            required(
                    JMH_ONLY,
                    BenchParam.INTRA_OP_THREADS.jmhName(),
                    list(
                            SweepKey::threads,
                            String::valueOf,
                            "whole numbers ≥ "
                                    + BenchParam.INTRA_OP_THREADS.min()
                                    + ", or `"
                                    + ALL_CORES
                                    + "` (= the machine's cores)"),
                    "libtorch intra-op threads");

    public static final SweepKey<List<Integer>> CALLERS =
            required(JMH_ONLY, "callers", numbers(1), "concurrent callers (JMH threads)");

    public static final SweepKey<List<Mode>> MODES =
            required(
                    JMH_ONLY,
                    "modes",
                    list(
                            oneOf(JMH_MODES, Mode::shortLabel),
                            Mode::shortLabel,
                            code(JMH_MODES, Mode::shortLabel)),
                    "JMH modes: `sample` gives the latency distribution, `thrpt` the throughput");

    public static final SweepKey<Integer> WARMUP_ITERATIONS =
            required(JMH_ONLY, "warmupIterations", number(0), "JMH warm-up iterations per fork");

    public static final SweepKey<TimeValue> WARMUP_TIME =
            required(JMH_ONLY, "warmupTime", duration(), "length of one warm-up iteration");

    public static final SweepKey<Integer> MEASUREMENT_ITERATIONS =
            required(
                    JMH_ONLY,
                    "measurementIterations",
                    number(1),
                    "JMH measured iterations per fork");

    public static final SweepKey<TimeValue> MEASUREMENT_TIME =
            required(JMH_ONLY, "measurementTime", duration(), "length of one measured iteration");

    public static final SweepKey<Integer> FORKS =
            required(JMH_ONLY, "forks", number(1), "forks per configuration");

    public static final SweepKey<TimeValue> TIMEOUT =
            optional(
                    JMH_ONLY,
                    "timeout",
                    "optional",
                    duration(),
                    () -> TimeValue.seconds(600),
                    Written.UNLESS_DEFAULT,
                    "how long one iteration may run before JMH interrupts it and the configuration"
                            + " fails; default 600s, JMH's");

    public static final SweepKey<List<Layout>> LAYOUTS =
            required(
                    SERVE_ONLY,
                    "layouts",
                    new Kind<>(
                            SweepKey::layouts,
                            SweepKey::join,
                            "`WxT` items (workers x intra-op threads of each), e.g. `1x2, 2x1`, or"
                                    + " `"
                                    + ALL_CORES
                                    + "` (every split w x (cores / w) of the machine's cores)"),
                    "how each serve job splits the cores: `--workers` taking from the one queue,"
                            + " each with `--threads` libtorch threads");

    public static final SweepKey<List<Integer>> MAX_BATCH =
            required(
                    SERVE_ONLY,
                    "maxBatch",
                    numbers(BenchParam.BATCH_SIZE.min()),
                    "the dynamic batcher's largest batch (`--max-batch`); 1 is no batching");

    public static final SweepKey<Long> MAX_DELAY =
            optional(
                    SERVE_ONLY,
                    MAX_DELAY_NAME,
                    "optional",
                    new Kind<>(
                            (line, reading) ->
                                    line.parsed(t -> ServeOptions.maxDelay(line.key(), t)),
                            Durations::text,
                            "a duration such as `20ms`, `0.5s` or `250us`, 0 or more, at most"
                                    + " `"
                                    + Durations.text(BatchPolicy.MAX_DELAY_NANOS)
                                    + "`"),
                    () -> ServeOptions.maxDelay(MAX_DELAY_NAME, ServeOptions.MAX_DELAY_DEFAULT),
                    Written.ALWAYS,
                    "how long a batch waits for more after its oldest request arrived"
                            + " (`--max-delay`); default "
                            + ServeOptions.MAX_DELAY_DEFAULT
                            + "; a job with maxBatch 1 never waits, and its id and files say 0ms");

    public static final SweepKey<Long> P99 =
            required(
                    SERVE_ONLY,
                    "p99",
                    new Kind<>(
                            (line, reading) -> line.parsed(t -> ServeOptions.bound(line.key(), t)),
                            Durations::text,
                            "a duration such as `100ms`, `0.5s` or `250us`, above 0"),
                    "the latency bound: the capacity is the highest rate whose p99, from each"
                            + " request's scheduled arrival, stays within it (`--p99`)");

    public static final SweepKey<Arrival> ARRIVAL =
            optional(
                    SERVE_ONLY,
                    "arrival",
                    "optional",
                    new Kind<>(
                            (line, reading) -> line.parsed(t -> Arrival.parse(line.key(), t)),
                            Arrival::label,
                            code(List.of(Arrival.values()), Arrival::label)),
                    () -> Arrival.parse("arrival", ServeOptions.ARRIVAL_DEFAULT),
                    Written.ALWAYS,
                    "how requests arrive (`--arrival`); default " + ServeOptions.ARRIVAL_DEFAULT);

    public static final SweepKey<Integer> MIN_QUERIES =
            serveCount(
                    "minQueries",
                    ServeOptions.MIN_QUERIES_MIN,
                    ServeOptions.MIN_QUERIES_DEFAULT,
                    "a point serves at least this many queries or is invalid (`--min-queries`)");

    public static final SweepKey<Integer> MIN_SECONDS =
            serveCount(
                    "minSeconds",
                    ServeOptions.MIN_SECONDS_MIN,
                    ServeOptions.MIN_SECONDS_DEFAULT,
                    "a point runs at least this many seconds or is invalid (`--min-seconds`)");

    public static final SweepKey<Integer> MAX_QUERIES =
            serveCount(
                    "maxQueries",
                    ServeOptions.QUERIES_MIN,
                    ServeOptions.QUERIES_DEFAULT,
                    "the most queries one point issues (`--queries`)");

    public static final SweepKey<Integer> MAX_SECONDS =
            serveCount(
                    "maxSeconds",
                    ServeOptions.SECONDS_MIN,
                    ServeOptions.SECONDS_DEFAULT,
                    "the most seconds one point's arrivals last (`--seconds`)");

    public static final SweepKey<Integer> SEED =
            serveCount(
                    "seed",
                    ServeOptions.SEED_MIN,
                    ServeOptions.SEED_DEFAULT,
                    "seed of the arrival times, the same for every point (`--seed`)");

    public static final SweepKey<Integer> CEILING_MATRIX_SIZE =
            required(
                    BOTH,
                    "ceilingMatrixSize",
                    number(0),
                    "n of the n x n fp32 matrix multiply that measures the engine's peak GFLOP/s; 0 skips it");

    public static final SweepKey<Integer> CEILING_ARRAY_MIB =
            required(
                    BOTH,
                    "ceilingArrayMiB",
                    number(0),
                    "size of each array of the streaming `a += b` that measures memory bandwidth; 0 skips it");

    public static final SweepKey<Boolean> CEILING_FMA =
            optional(
                    BOTH,
                    "ceilingFma",
                    "optional",
                    new Kind<>(
                            (line, reading) ->
                                    SweepKey.<Boolean>oneOf(List.of(true, false), SweepKey::onOff)
                                            .parse(line, reading),
                            SweepKey::onOff,
                            "`on`, `off`"),
                    () -> true,
                    Written.UNLESS_DEFAULT,
                    "measure the cores' fp32 FMA peak (Vector API, FmaPeakBenchmark) at each thread"
                            + " count, the 100% of pct_of_peak; default on. A serve sweep's ceilings"
                            + " run at each count of cores its layouts keep busy (workers x"
                            + " threads, at most the machine's)");

    public static final SweepKey<List<Integer>> INTER_OP_THREADS =
            optional(
                    JMH_ONLY,
                    BenchParam.INTER_OP_THREADS.jmhName(),
                    "optional",
                    numbers(BenchParam.INTER_OP_THREADS),
                    () -> List.of(0),
                    Written.ALWAYS,
                    "libtorch inter-op threads; 0 (the default) leaves libtorch's choice");

    public static final SweepKey<Allocator> ALLOCATOR =
            optional(
                    BOTH,
                    "allocator",
                    "optional",
                    new Kind<>(
                            (line, reading) -> line.parsed(Allocator::parse),
                            Allocator::id,
                            code(List.of(Allocator.values()), Allocator::id)),
                    () -> ForkLauncher.defaults().allocator(),
                    Written.IN_LAUNCH_SETS,
                    "the forks' malloc; default the first of "
                            + Allocator.PREFERENCE.stream()
                                    .map(Allocator::id)
                                    .collect(Collectors.joining(", "))
                            + " this machine has (see the README)");

    public static final SweepKey<MklDispatch> MKL_ON_AMD =
            optional(
                    BOTH,
                    "mklOnAmd",
                    "optional",
                    new Kind<>(
                            (line, reading) -> line.parsed(MklDispatch::parse),
                            MklDispatch::id,
                            code(List.of(MklDispatch.values()), MklDispatch::id)),
                    () -> ForkLauncher.defaults().mkl(),
                    Written.IN_LAUNCH_SETS,
                    "let oneMKL use its AVX-512 kernels on AMD (see the README); default auto");

    public static final SweepKey<Optional<Path>> JDK =
            optional(
                    BOTH,
                    "jdk",
                    "optional",
                    new Kind<>(
                            (line, reading) -> Optional.of(line.parsed(LaunchSet::jdk)),
                            p -> p.map(Path::toString).orElse(""),
                            "a JDK home, e.g. `/usr/lib/jvm/temurin-25-jdk-amd64`"),
                    Optional::empty,
                    Written.IN_LAUNCH_SETS,
                    "the forks' JDK; default the one running effbench");

    /**
     * Any number of keys {@code launch.NAME}, in file order; one set named default when none is
     * given.
     */
    public static final SweepKey<List<LaunchSet>> LAUNCHES =
            add(
                    new SweepKey<>(
                            BOTH,
                            "launch.NAME",
                            "optional, any number",
                            false,
                            SweepKey::launches,
                            SweepKey::describeLaunches,
                            "`field=value; …` with fields "
                                    + code(
                                            Arrays.asList(LaunchSet.FIELDS.split(", ")),
                                            Function.identity()),
                            "a launch set: another way to start the forks, on top of the keys above; every configuration runs under every set, "
                                    + "and the first set is the baseline of `tune`"));

    public static final SweepKey<Interleave> INTERLEAVE =
            optional(
                    BOTH,
                    "interleave",
                    "optional",
                    new Kind<>(
                            oneOf(List.of(Interleave.values()), Interleave::id),
                            Interleave::id,
                            code(List.of(Interleave.values()), Interleave::id)),
                    () -> Interleave.LAUNCHES,
                    Written.UNLESS_DEFAULT,
                    "what varies fastest in the run order: launch sets for tuning (the default), models for comparing models (each "
                            + "configuration of every model in turn)");

    /**
     * Written only when not the default, so every definition without it keeps its canonical form
     * and resume hash.
     */
    public static final SweepKey<Peer> PEER =
            optional(
                    JMH_ONLY,
                    "peer",
                    "optional",
                    new Kind<>(
                            oneOf(List.of(Peer.values()), Peer::id),
                            Peer::id,
                            code(List.of(Peer.values()), Peer::id)),
                    () -> Peer.NONE,
                    Written.UNLESS_DEFAULT,
                    "another framework measured beside effbench: `pytorch` runs Python PyTorch"
                            + " (Debian's python3-torch, scripts/peer_pytorch.py) on the same model,"
                            + " batch and threads right after each `sample` configuration with one"
                            + " caller, for the definition's warm-up (iterations x time) and"
                            + " measurement (iterations x time), kept as `peer-<id>.csv`; default"
                            + " `none`");

    /**
     * Written only when not the default, so every definition without it keeps its canonical form,
     * resume hash and job ids.
     */
    public static final SweepKey<Integer> ROUNDS =
            optional(
                    JMH_ONLY,
                    "rounds",
                    "optional",
                    number(1),
                    () -> 1,
                    Written.UNLESS_DEFAULT,
                    "run the whole job list this many times, round after round (every job of round"
                            + " 1 in the definition's order, then round 2, …; a peer job right after"
                            + " its twin in each; the ceilings once, at the end), so drift and a"
                            + " fork's bimodal speed land on every configuration alike; job ids and"
                            + " files end in `-r1`, `-r2`, …, and each configuration gets one pooled"
                            + " row whose error also covers the spread between the rounds' means"
                            + " (results/SCHEMA.md, `rounds`), each round's figures in rounds.csv."
                            + " At 99.9% two rounds give a very wide interval (Student's t with 1"
                            + " degree of freedom is 637); 4 or more judge a ratio. Default 1");

    /**
     * Reads a key's value from its lines (none when the key is absent); {@code reading} gives other
     * keys' values.
     */
    @FunctionalInterface
    interface Read<T> {
        T read(List<DefinitionLine> lines, Reading reading);
    }

    /** Reads one line's value. */
    @FunctionalInterface
    interface Parse<T> {
        T parse(DefinitionLine line, Reading reading);
    }

    /** Writes a value back as {@code key = value} entries, in canonical form. */
    @FunctionalInterface
    interface Write<T> {
        void write(T value, Map<String, String> out);
    }

    /**
     * How the value of a one-line key is read, written back, and what it accepts in the README's
     * words.
     */
    private record Kind<T>(Parse<T> parse, Function<T, String> text, String accepted) {}

    /** When {@link SweepDefinition#describe()} writes an optional key. */
    private enum Written {
        ALWAYS,
        UNLESS_DEFAULT,
        /**
         * Never on its own: it is the base of every launch set, and written inside each {@code
         * launch.NAME}.
         */
        IN_LAUNCH_SETS
    }

    private final Set<SweepKind> kinds;
    private final String name;

    /** Empty for a required key; otherwise when it may or must be given, for the README. */
    private final String presence;

    private final boolean required;
    private final Read<T> read;
    private final Write<T> write;
    private final String accepted;
    private final String meaning;

    private SweepKey(
            Set<SweepKind> kinds,
            String name,
            String presence,
            boolean required,
            Read<T> read,
            Write<T> write,
            String accepted,
            String meaning) {
        this.kinds = kinds;
        this.name = name;
        this.presence = presence;
        this.required = required;
        this.read = read;
        this.write = write;
        this.accepted = accepted;
        this.meaning = meaning;
    }

    private static <T> SweepKey<T> add(SweepKey<T> key) {
        ALL.add(key);
        return key;
    }

    private static <T> SweepKey<T> required(
            Set<SweepKind> kinds, String name, Kind<T> kind, String meaning) {
        return add(
                new SweepKey<>(
                        kinds,
                        name,
                        "",
                        true,
                        (lines, reading) -> kind.parse().parse(lines.get(0), reading),
                        (value, out) -> out.put(name, kind.text().apply(value)),
                        kind.accepted(),
                        meaning));
    }

    private static <T> SweepKey<T> optional(
            Set<SweepKind> kinds,
            String name,
            String presence,
            Kind<T> kind,
            Supplier<T> fallback,
            Written written,
            String meaning) {
        Write<T> write =
                (value, out) -> {
                    if (written == Written.ALWAYS
                            || written == Written.UNLESS_DEFAULT && !value.equals(fallback.get())) {
                        out.put(name, kind.text().apply(value));
                    }
                };
        return add(
                new SweepKey<>(
                        kinds,
                        name,
                        presence,
                        false,
                        (lines, reading) ->
                                lines.isEmpty()
                                        ? fallback.get()
                                        : kind.parse().parse(lines.get(0), reading),
                        write,
                        kind.accepted(),
                        meaning));
    }

    /** A serve key that is a whole number, as the serve command's option of that meaning. */
    private static SweepKey<Integer> serveCount(
            String name, int min, String fallback, String meaning) {
        return optional(
                SERVE_ONLY,
                name,
                "optional",
                number(min),
                () -> Integer.parseInt(fallback),
                Written.ALWAYS,
                meaning + "; default " + fallback);
    }

    /** Every key, in canonical order. */
    public static List<SweepKey<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /**
     * The key a line's key is, if any: its name, or for {@code launch.NAME} any key with its
     * prefix.
     */
    static Optional<SweepKey<?>> of(String key) {
        return ALL.stream()
                .filter(k -> k.family() ? key.startsWith(k.prefix()) : key.equals(k.name))
                .findFirst();
    }

    /** The names an unknown key is told about, sorted. */
    static String names() {
        return ALL.stream().map(SweepKey::name).sorted().collect(Collectors.joining(", "));
    }

    /** The name in a file; for a family of keys, {@code launch.NAME}. */
    public String name() {
        return name;
    }

    /** Whether the key is required in definitions of its kinds. */
    public boolean required() {
        return required;
    }

    /** Whether the key belongs to definitions of {@code kind}. */
    public boolean appliesTo(SweepKind kind) {
        return kinds.contains(kind);
    }

    /** The one kind the key belongs to alone; empty for a key of every kind. */
    public Optional<SweepKind> only() {
        return kinds.size() == 1 ? Optional.of(kinds.iterator().next()) : Optional.empty();
    }

    private boolean family() {
        return name.endsWith(".NAME");
    }

    private String prefix() {
        return name.substring(0, name.length() - "NAME".length());
    }

    T read(List<DefinitionLine> lines, Reading reading) {
        return read.read(lines, reading);
    }

    void write(T value, Map<String, String> out) {
        write.write(value, out);
    }

    /** The key table of {@code benchmarks/README.md}: one row per key, in canonical order. */
    public static String readmeTable() {
        StringBuilder table = new StringBuilder("| key | values | meaning |\n|---|---|---|\n");
        for (SweepKey<?> key : ALL) {
            table.append("| `")
                    .append(key.name)
                    .append('`')
                    .append(key.presence.isEmpty() ? "" : " (" + key.presence + ")")
                    .append(" | ")
                    .append(key.accepted)
                    .append(" | ")
                    .append(key.only().map(k -> k.id() + " only: ").orElse(""))
                    .append(key.meaning)
                    .append(" |\n");
        }
        return table.toString();
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * A definition being read: its lines by key, and each key's value, read once when first asked
     * for.
     */
    static final class Reading {

        private final int cores;
        private final Map<SweepKey<?>, List<DefinitionLine>> lines;
        private final Map<SweepKey<?>, Object> values = new HashMap<>();

        Reading(int cores, Map<SweepKey<?>, List<DefinitionLine>> lines) {
            this.cores = cores;
            this.lines = lines;
        }

        <T> T get(SweepKey<T> key) {
            if (!values.containsKey(key)) {
                values.put(key, key.read(lines.getOrDefault(key, List.of()), this));
            }
            @SuppressWarnings("unchecked")
            T value = (T) values.get(key);
            return value;
        }

        Optional<DefinitionLine> line(SweepKey<?> key) {
            return lines.getOrDefault(key, List.of()).stream().findFirst();
        }
    }

    private static Kind<Integer> number(int min) {
        return new Kind<>(
                (line, reading) -> line.parsed(text -> Checks.wholeNumber(line.key(), text, min)),
                String::valueOf,
                "whole number ≥ " + min);
    }

    private static Kind<List<Integer>> numbers(int min) {
        return list(
                (line, reading) -> line.parsed(text -> Checks.wholeNumber(line.key(), text, min)),
                String::valueOf,
                "whole numbers ≥ " + min);
    }

    private static Kind<List<Integer>> numbers(BenchParam param) {
        return list(
                (line, reading) -> line.parsed(param::parse),
                String::valueOf,
                "whole numbers ≥ " + param.min());
    }

    private static <T> Kind<List<T>> list(Parse<T> one, Function<T, String> text, String accepted) {
        return new Kind<>(
                (line, reading) -> line.list(accepted, item -> one.parse(item, reading)),
                values -> values.stream().map(text).collect(Collectors.joining(", ")),
                accepted);
    }

    /** One of {@code values}, named by {@code id}. */
    private static <E> Parse<E> oneOf(List<E> values, Function<E, String> id) {
        return (line, reading) ->
                values.stream()
                        .filter(v -> id.apply(v).equals(line.value()))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        line.rejected(
                                                values.stream()
                                                        .map(id)
                                                        .collect(Collectors.joining(", "))));
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    /** {@code `a`, `b`} for the README. */
    private static <E> String code(List<E> values, Function<E, String> id) {
        return values.stream().map(v -> "`" + id.apply(v) + "`").collect(Collectors.joining(", "));
    }

    private static String join(List<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    /** The models, file models with the shapes of the input key, which only they take. */
    private static List<ModelRef> models(DefinitionLine line, Reading reading) {
        String input = reading.get(INPUT);
        List<ModelRef> models =
                line.list(
                        MODELS.accepted,
                        item -> {
                            if (TorchScriptModel.names(item.value()) && input.isEmpty()) {
                                throw item.error(
                                        "model "
                                                + item.value()
                                                + " needs the key "
                                                + INPUT.name
                                                + ": its input shapes, batch first, "
                                                + "e.g. "
                                                + INPUT.name
                                                + " = 1x3x224x224 or "
                                                + INPUT.name
                                                + " = 1x128:int64;1x128:int64");
                            }
                            return item.parsed(
                                    model -> ModelRef.parse(model, input.isEmpty() ? null : input));
                        });
        reading.line(INPUT)
                .filter(in -> models.stream().noneMatch(ModelRef::isFile))
                .ifPresent(
                        in -> {
                            throw in.error(
                                    INPUT.name
                                            + " gives the shapes of file: models, and "
                                            + MODELS.name
                                            + " lists none");
                        });
        return models;
    }

    /** Serve layouts: {@code WxT} items, or {@code all} for every split of the machine's cores. */
    private static List<Layout> layouts(DefinitionLine line, Reading reading) {
        if (line.value().equalsIgnoreCase(ALL_CORES)) {
            return Layout.all(reading.cores);
        }
        return line.list(Layout.ACCEPTED, item -> item.parsed(t -> Layout.parse(item.key(), t)));
    }

    /** Intra-op threads: a count, or {@code all} for the machine's cores. */
    private static int threads(DefinitionLine line, Reading reading) {
        if (line.value().equals(ALL_CORES)) {
            return reading.cores;
        }
        return line.parsed(
                text -> {
                    try {
                        return BenchParam.INTRA_OP_THREADS.parse(text);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                e.getMessage() + " or '" + ALL_CORES + "'", e);
                    }
                });
    }

    private static Kind<TimeValue> duration() {
        return new Kind<>(
                (line, reading) -> time(line),
                t -> t.getTime() + (t.getTimeUnit() == TimeUnit.MILLISECONDS ? "ms" : "s"),
                "`500ms`, `2s`, … (at least 1ms)");
    }

    private static TimeValue time(DefinitionLine line) {
        String v = line.value().toLowerCase(Locale.ROOT);
        TimeValue t = null;
        try {
            if (v.endsWith("ms")) {
                t =
                        new TimeValue(
                                Long.parseLong(v.substring(0, v.length() - 2)),
                                TimeUnit.MILLISECONDS);
            } else if (v.endsWith("s")) {
                t = new TimeValue(Long.parseLong(v.substring(0, v.length() - 1)), TimeUnit.SECONDS);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        if (t == null) {
            throw line.rejected("a duration such as 500ms or 2s");
        }
        if (t.getTime() < 1) {
            throw line.rejected("a duration of at least 1ms");
        }
        return t;
    }

    /**
     * The launch sets in file order, each on top of the base the allocator, mklOnAmd and jdk keys
     * give.
     */
    private static List<LaunchSet> launches(List<DefinitionLine> lines, Reading reading) {
        ForkLauncher base =
                ForkLauncher.defaults()
                        .withAllocator(reading.get(ALLOCATOR))
                        .withMkl(reading.get(MKL_ON_AMD))
                        .withJavaHome(reading.get(JDK).orElse(null));
        if (lines.isEmpty()) {
            return List.of(new LaunchSet(LaunchSet.DEFAULT, base, List.of()));
        }
        String prefix = LAUNCHES.prefix();
        return lines.stream()
                .map(
                        line ->
                                line.parsed(
                                        v ->
                                                LaunchSet.parse(
                                                        line.key().substring(prefix.length()),
                                                        v,
                                                        base)))
                .toList();
    }

    private static void describeLaunches(List<LaunchSet> sets, Map<String, String> out) {
        sets.forEach(set -> out.put(LAUNCHES.prefix() + set.name(), set.describe()));
    }
}
