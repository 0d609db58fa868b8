package org.effbench.energy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.Csv;
import org.effbench.base.Figures;

/**
 * The CPUs whose TDP is known, for the energy estimate where nothing is measured: one row per model
 * ({@value #MODELS}: TDP, cores, the vendor page it comes from) and one per CPUID family ({@value
 * #FAMILIES}) for a CPU whose model name is hidden or not listed. An estimate is TDP over physical
 * cores: the package power attributed to one busy core, uncore included; with SMT a core counts
 * once, however many of its threads are busy.
 */
public final class CpuTdpTable {

    public static final String MODELS = "energy/cpu-tdp.csv";
    public static final String FAMILIES = "energy/cpu-families.csv";

    /** results.csv's reader format, with the tables' '#' comment lines. */
    private static final CSVFormat FORMAT = Csv.READ.builder().setCommentMarker('#').get();

    /**
     * One CPU model.
     *
     * @param threads hardware threads; 0 when the source gives none
     * @param family the id of its family row; empty when it has none
     */
    public record Sku(
            String model, double tdpWatts, int cores, int threads, String family, String source) {

        public double wattsPerCore() {
            return tdpWatts / cores;
        }
    }

    /**
     * One CPUID family and the SKUs of the table that belong to it.
     *
     * @param models the CPUID model numbers that identify it
     * @param namePrefix the model name a CPU of this family starts with (cleaned as {@link
     *     #clean}), so a Threadripper sharing an EPYC's model number is not taken for one
     */
    public record Family(
            String id,
            String vendor,
            int cpuFamily,
            Set<Integer> models,
            String namePrefix,
            String label,
            String source,
            List<Sku> members) {

        /** TDP / core of the member SKUs, lowest first. */
        public double[] wattsPerCore() {
            return members.stream().mapToDouble(Sku::wattsPerCore).sorted().toArray();
        }

        /** The median TDP / core over the members. */
        public double median() {
            double[] w = wattsPerCore();
            int n = w.length;
            return n % 2 == 1 ? w[n / 2] : (w[n / 2 - 1] + w[n / 2]) / 2;
        }

        boolean matches(CpuIdentity cpu) {
            return cpu.vendor().equals(vendor)
                    && cpu.family() == cpuFamily
                    && models.contains(cpu.model())
                    && clean(cpu.name()).startsWith(clean(namePrefix));
        }
    }

    private final Map<String, Sku> byName;
    private final List<Family> families;

    private CpuTdpTable(Map<String, Sku> byName, List<Family> families) {
        this.byName = byName;
        this.families = families;
    }

    /** The table shipped in the jar. */
    public static CpuTdpTable load() {
        try (Reader models = resource(MODELS);
                Reader families = resource(FAMILIES)) {
            return read(models, families);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IllegalStateException when a row is malformed, a model is listed twice, a SKU names a
     *     family with no row, or a family has no SKU
     */
    static CpuTdpTable read(Reader models, Reader familyRows) throws IOException {
        Map<String, Sku> byName = new HashMap<>();
        Map<String, List<Sku>> members = new HashMap<>();
        for (CSVRecord r : FORMAT.parse(models)) {
            Sku sku =
                    new Sku(
                            r.get("model"),
                            positive(r, "tdp_w"),
                            (int) positive(r, "cores"),
                            r.get("threads").isEmpty() ? 0 : (int) positive(r, "threads"),
                            r.get("family"),
                            r.get("source"));
            if (byName.put(clean(sku.model()), sku) != null) {
                throw new IllegalStateException(MODELS + " lists " + sku.model() + " twice");
            }
            if (!sku.family().isEmpty()) {
                members.computeIfAbsent(sku.family(), f -> new ArrayList<>()).add(sku);
            }
        }
        List<Family> families = new ArrayList<>();
        for (CSVRecord r : FORMAT.parse(familyRows)) {
            String id = r.get("family");
            List<Sku> own = members.remove(id);
            if (own == null) {
                throw new IllegalStateException(
                        FAMILIES + ": family " + id + " has no SKU in " + MODELS);
            }
            families.add(
                    new Family(
                            id,
                            r.get("vendor_id"),
                            (int) positive(r, "cpu_family"),
                            models(r.get("models")),
                            r.get("name_prefix"),
                            r.get("label"),
                            r.get("source"),
                            List.copyOf(own)));
        }
        if (!members.isEmpty()) {
            throw new IllegalStateException(
                    MODELS
                            + " names families with no row in "
                            + FAMILIES
                            + ": "
                            + members.keySet());
        }
        return new CpuTdpTable(byName, families);
    }

    /** The row of the CPU named {@code cpuName} (as /proc/cpuinfo writes it), if listed. */
    public Optional<Sku> sku(String cpuName) {
        return Optional.ofNullable(byName.get(clean(cpuName)));
    }

    /** The family row of {@code cpu}, if any. */
    public Optional<Family> family(CpuIdentity cpu) {
        return cpu.identified()
                ? families.stream().filter(f -> f.matches(cpu)).findFirst()
                : Optional.empty();
    }

    /**
     * The watts per busy core for a run, first found: {@code given} by the user, the model's TDP /
     * physical cores, the median over its family's SKUs, or none with the reason.
     *
     * @param cpu the CPU the run ran on (its machine.json), empty when the run does not say
     */
    public PowerEstimate resolve(Optional<Double> given, Optional<CpuIdentity> cpu) {
        if (given.isPresent()) {
            return PowerEstimate.given(given.get());
        }
        if (cpu.isEmpty()) {
            return PowerEstimate.none("the run has no machine.json to name its CPU");
        }
        CpuIdentity id = cpu.get();
        Optional<Sku> sku = sku(id.name());
        if (sku.isPresent()) {
            Sku s = sku.get();
            return new PowerEstimate(
                    PowerEstimate.Source.MODEL_TDP,
                    s.wattsPerCore(),
                    String.format(
                            Locale.ROOT,
                            "%s TDP %s W / %d cores%s, per physical core; %s",
                            s.model(),
                            Figures.asTyped(s.tdpWatts()),
                            s.cores(),
                            s.threads() > s.cores() ? " (" + s.threads() + " threads)" : "",
                            s.source()));
        }
        Optional<Family> family = family(id);
        if (family.isPresent()) {
            Family f = family.get();
            double[] w = f.wattsPerCore();
            return new PowerEstimate(
                    PowerEstimate.Source.FAMILY_TDP,
                    f.median(),
                    String.format(
                            Locale.ROOT,
                            "%s family %d model %d = %s, %s: TDP/core %.2f to %.2f W over its %d"
                                    + " SKUs, median; set %s to use yours",
                            id.vendor(),
                            id.family(),
                            id.model(),
                            f.label(),
                            clean(id.name()).equals(clean(f.namePrefix()))
                                    ? "SKU hidden ('" + id.name() + "')"
                                    : "SKU '" + id.name() + "' not in the table",
                            w[0],
                            w[w.length - 1],
                            w.length,
                            PowerEstimate.OPTION));
        }
        return PowerEstimate.none(
                "CPU "
                        + id.describe()
                        + " is in neither the TDP table ("
                        + MODELS
                        + ") nor its families ("
                        + FAMILIES
                        + ")");
    }

    /**
     * A model name as the table keys it: no trademark signs, no clock, no core count, no
     * "Processor", lower case ({@code Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz} -> {@code intel
     * xeon platinum 8380}).
     */
    static String clean(String name) {
        return name.toLowerCase(Locale.ROOT)
                .replaceAll("\\(r\\)|\\(tm\\)|®|™", " ")
                .replaceAll("\\bcpu\\b|@\\s*[0-9.]+\\s*ghz|\\b\\d+-core\\b|\\bprocessor\\b", " ")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static Set<Integer> models(String text) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String part : text.strip().split("\\s+")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int m = from; m <= to; m++) {
                out.add(m);
            }
        }
        return out;
    }

    private static double positive(CSVRecord r, String column) {
        try {
            double v = Double.parseDouble(r.get(column));
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(
                "line "
                        + r.getRecordNumber()
                        + ": "
                        + column
                        + " '"
                        + r.get(column)
                        + "' is not a positive number");
    }

    private static Reader resource(String name) {
        InputStream in = CpuTdpTable.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
