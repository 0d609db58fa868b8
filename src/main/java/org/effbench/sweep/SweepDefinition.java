package org.effbench.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.effbench.base.Utf8;
import org.effbench.model.ModelRef;

/**
 * What one run measures: models x batch sizes x intra-op threads x callers, the JMH modes and
 * iteration settings, and the size of the GEMM ceiling; or, of kind serve, models x layouts x
 * batcher settings with a latency bound, each a capacity search by the serve command. Read from a
 * {@code key = value} file (see {@code benchmarks/README.md}) whose keys, their checks, defaults
 * and canonical form are the table {@link SweepKey}; a value is {@code get(SweepKey.BATCH_SIZES)}.
 */
public final class SweepDefinition {

    /**
     * What varies fastest in the run order: what a run compares is best measured side by side in
     * time.
     */
    public enum Interleave {
        /** Launch sets (tuning: the same model under each set in turn). */
        LAUNCHES,
        /** Models (A/B of models: each configuration of every model in turn). */
        MODELS;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Which framework, if any, is measured beside effbench on each latency configuration (a peer
     * job right after its twin, the same definition's warm-up and measurement time).
     */
    public enum Peer {
        /** effbench alone. */
        NONE,
        /** Python PyTorch (Debian's python3-torch), {@code scripts/peer_pytorch.py}. */
        PYTORCH;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The definition of the default run, carried inside the jar. */
    public static final String QUICK = "benchmarks/quick.properties";

    private final String name;

    /** Every value of the keys of its kind, defaults included. */
    private final Map<SweepKey<?>, Object> values;

    /** The machine's cores as parsed: what {@code all} meant, and what a layout can keep busy. */
    private final int cores;

    private SweepDefinition(String name, Map<SweepKey<?>, Object> values, int cores) {
        this.name = name;
        this.values = Map.copyOf(values);
        this.cores = cores;
    }

    /** Reads the quick definition from the classpath. */
    public static SweepDefinition quick(int cores) {
        try (InputStream in = SweepDefinition.class.getClassLoader().getResourceAsStream(QUICK)) {
            if (in == null) {
                throw new IllegalStateException(
                        QUICK + " is missing from the classpath: rebuild with mvn package");
            }
            return parse(QUICK, new String(in.readAllBytes(), StandardCharsets.UTF_8), cores);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + QUICK + ": " + e.getMessage(), e);
        }
    }

    public static SweepDefinition read(Path file, int cores) {
        if (!Files.isRegularFile(file)) {
            throw new DefinitionException(
                    "sweep definition " + file + " does not exist or is not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DefinitionException(
                    "cannot read sweep definition " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), text(file, bytes), cores);
    }

    /**
     * The definition's text.
     *
     * @throws DefinitionException when the bytes are not UTF-8 text, naming the first that is not
     */
    private static String text(Path file, byte[] bytes) {
        Optional<String> invalid = Utf8.firstInvalid(bytes).or(() -> firstNul(bytes));
        if (invalid.isPresent()) {
            throw new DefinitionException(
                    "sweep definition "
                            + file
                            + " is not a text (UTF-8) properties file: "
                            + invalid.get()
                            + "; accepted: key = value lines (see benchmarks/README.md)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A NUL byte is UTF-8, but no text file has one. */
    private static Optional<String> firstNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return Optional.of("byte 0x00 at offset " + i);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a definition; {@code cores} is what {@code all} threads means.
     *
     * @throws DefinitionException naming the source, the line and what is accepted
     */
    public static SweepDefinition parse(String source, String text, int cores) {
        Map<SweepKey<?>, List<DefinitionLine>> lines = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        String[] texts = text.split("\\R", -1);
        for (int i = 0; i < texts.length; i++) {
            String line = texts[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            DefinitionLine entry =
                    new DefinitionLine(
                            source,
                            i + 1,
                            eq < 0 ? line : line.substring(0, eq).strip(),
                            eq < 0 ? "" : line.substring(eq + 1).strip());
            if (eq < 0) {
                throw entry.error("expected 'key = value'");
            }
            SweepKey<?> key =
                    SweepKey.of(entry.key())
                            .orElseThrow(
                                    () ->
                                            entry.error(
                                                    "unknown key '"
                                                            + entry.key()
                                                            + "'; accepted: "
                                                            + SweepKey.names()));
            if (!seen.add(entry.key())) {
                throw entry.error("key '" + entry.key() + "' is given twice");
            }
            lines.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
        }
        SweepKey.Reading reading = new SweepKey.Reading(cores, lines);
        SweepKind kind = reading.get(SweepKey.KIND);
        for (Map.Entry<SweepKey<?>, List<DefinitionLine>> e : lines.entrySet()) {
            if (!e.getKey().appliesTo(kind)) {
                DefinitionLine line = e.getValue().get(0);
                throw line.error(
                        line.key()
                                + " is a key of kind "
                                + e.getKey().only().map(SweepKind::id).orElse("")
                                + " only, and this definition is kind "
                                + kind.id()
                                + (reading.line(SweepKey.KIND).isPresent()
                                        ? ""
                                        : " (the default; "
                                                + SweepKey.KIND.name()
                                                + " = "
                                                + e.getKey().only().map(SweepKind::id).orElse("")
                                                + " makes it one)"));
            }
        }
        List<String> missing =
                SweepKey.all().stream()
                        .filter(k -> k.appliesTo(kind) && k.required() && !lines.containsKey(k))
                        .map(SweepKey::name)
                        .sorted()
                        .toList();
        if (!missing.isEmpty()) {
            throw new DefinitionException(
                    source
                            + ": missing keys "
                            + missing
                            + (kind == SweepKind.JMH ? "" : " (of kind " + kind.id() + ")"));
        }
        Map<SweepKey<?>, Object> values = new LinkedHashMap<>();
        SweepKey.all().stream()
                .filter(k -> k.appliesTo(kind))
                .forEach(k -> values.put(k, reading.get(k)));
        return new SweepDefinition(
                source.replaceAll(".*/", "").replaceAll("\\.properties$", ""), values, cores);
    }

    /** The file's name without its folder and {@code .properties}. */
    public String name() {
        return name;
    }

    /**
     * A key's value, its default if the file does not give it.
     *
     * @throws IllegalStateException when the key does not belong to this definition's kind
     */
    public <T> T get(SweepKey<T> key) {
        if (!values.containsKey(key)) {
            throw new IllegalStateException(
                    "sweep key " + key + " does not apply to a " + kind().id() + " definition");
        }
        @SuppressWarnings("unchecked")
        T value = (T) values.get(key);
        return value;
    }

    public SweepKind kind() {
        @SuppressWarnings("unchecked")
        SweepKind kind = (SweepKind) values.get(SweepKey.KIND);
        return kind;
    }

    /** The machine's cores the definition was read for. */
    public int cores() {
        return cores;
    }

    /** The same sweep over other models (tuning one model with a definition's launch sets). */
    public SweepDefinition withModels(List<ModelRef> others) {
        Map<SweepKey<?>, Object> changed = new LinkedHashMap<>(values);
        changed.put(SweepKey.MODELS, List.copyOf(others));
        changed.put(
                SweepKey.INPUT,
                others.stream()
                        .filter(ModelRef::isFile)
                        .findFirst()
                        .map(ModelRef::input)
                        .orElse(""));
        return new SweepDefinition(name, changed, cores);
    }

    /**
     * The same sweep run in {@code rounds} rounds (tune's {@code --rounds}).
     *
     * @throws IllegalArgumentException when {@code rounds} is below 1, naming it
     * @throws IllegalStateException for a serve definition, which has no rounds
     */
    public SweepDefinition withRounds(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException(
                    SweepKey.ROUNDS.name() + " " + rounds + "; accepted: a whole number >= 1");
        }
        get(SweepKey.ROUNDS);
        Map<SweepKey<?>, Object> changed = new LinkedHashMap<>(values);
        changed.put(SweepKey.ROUNDS, rounds);
        return new SweepDefinition(name, changed, cores);
    }

    /**
     * The definition in its own vocabulary, every value in canonical text form, for run records.
     */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("name", name);
        SweepKey.all().stream().filter(k -> k.appliesTo(kind())).forEach(k -> write(k, out));
        return out;
    }

    private <T> void write(SweepKey<T> key, Map<String, String> out) {
        key.write(get(key), out);
    }

    /**
     * Number of configurations run on their own (not counting the ceilings): of the model
     * benchmark, or for a serve definition its serve jobs.
     */
    public int configurations() {
        int common = get(SweepKey.LAUNCHES).size() * get(SweepKey.MODELS).size();
        if (kind() == SweepKind.SERVE) {
            return common * get(SweepKey.LAYOUTS).size() * get(SweepKey.MAX_BATCH).size();
        }
        return common
                * get(SweepKey.BATCH_SIZES).size()
                * get(SweepKey.INTRA_OP_THREADS).size()
                * get(SweepKey.INTER_OP_THREADS).size()
                * get(SweepKey.CALLERS).size()
                * get(SweepKey.MODES).size();
    }

    /**
     * The same canonical form: allocator, mklOnAmd and jdk count only through the launch sets built
     * on them, as the form writes them.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof SweepDefinition d && d.describe().equals(describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return describe().toString();
    }
}
