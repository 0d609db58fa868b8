package org.effbench.report;

import static org.effbench.base.Figures.threeDigits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.effbench.serve.CapacitySearch;

/**
 * The serving verdict of one model from its serve rows: per bound, every layout's capacity (valid
 * or not, or why there is none) with its Offline throughput and how much batching saved at the
 * capacity, ranked; and one line naming the best layout, its runner-up and the best unbatched
 * layout. A pure function of the rows (those of {@link ServeRows}).
 *
 * <p>Two capacities differ for sure only beyond the search's resolution: the search stops when the
 * lowest failing rate is within {@link CapacitySearch#RESOLUTION} of the highest that met the
 * bound, so either capacity could be that much higher.
 */
public final class ServeVerdict {

    private ServeVerdict() {}

    /**
     * Service time per sample at batch 1, and where it comes from.
     *
     * @param from the row it was read from, in words
     */
    public record Reference(double msPerSample, String from) {}

    /**
     * One layout's outcome.
     *
     * @param label the layout in words, with its launch set where the model has several
     * @param capacity queries/s; NaN when none (or one rate was asked)
     * @param searched whether the capacity was searched (else one rate was run)
     * @param why why the capacity is invalid or absent; empty when valid
     * @param offline the Offline throughput, queries/s; NaN when not run
     * @param point the row at the capacity, or the single rate's
     * @param batchOne the service time per sample at batch 1 of the same workers and threads
     */
    public record Layout(
            String label,
            ServeFile.Layout layout,
            double capacity,
            boolean searched,
            boolean valid,
            String why,
            double offline,
            Optional<DerivedRow> point,
            Optional<Reference> batchOne) {

        boolean hasCapacity() {
            return capacity > 0;
        }

        /**
         * The capacity and its validity: {@code 18.1/s (valid)}, or within parentheses already
         * {@code 18.1/s, valid}.
         */
        String figure(boolean bracketed) {
            String validity = valid ? "valid" : "invalid: " + why;
            return threeDigits(capacity)
                    + "/s"
                    + (bracketed ? " (" + validity + ")" : ", " + validity);
        }

        /** Mean batch formed at the capacity; NaN without it. */
        public double meanBatch() {
            return point.map(r -> r.number(Column.MEAN_BATCH)).orElse(Double.NaN);
        }

        /** Busy time per request at the capacity, ms; NaN without it. */
        public double servicePerSample() {
            return point.map(r -> r.number(Column.SERVICE_MS_PER_SAMPLE)).orElse(Double.NaN);
        }

        /**
         * What batching saved at the capacity: {@code 2.1 ms per sample at mean batch 5.2 vs 3.4 ms
         * at batch 1 (…): 1.6x the samples per worker-second}; empty without the figures.
         */
        public String batchEfficiency() {
            double at = servicePerSample();
            if (!(at > 0)) {
                return "";
            }
            String own =
                    threeDigits(at) + " ms per sample at mean batch " + threeDigits(meanBatch());
            if (batchOne.isEmpty()) {
                return own + "; no batch-1 figure of the same workers and threads";
            }
            Reference r = batchOne.get();
            if (meanBatch() <= 1 && r.from().startsWith(SELF)) {
                return own;
            }
            return String.format(
                    Locale.ROOT,
                    "%s vs %s ms at batch 1 (%s): %sx the samples per worker-second",
                    own,
                    threeDigits(r.msPerSample()),
                    r.from(),
                    threeDigits(r.msPerSample() / at));
        }
    }

    /**
     * One model's serving under one bound: its layouts best first and the line that names the best.
     */
    public record Serving(String bound, List<Layout> layouts, String line) {}

    static final String SELF = "this layout";

    /**
     * Per bound, the model's serving verdict.
     *
     * @param serve the model's serve rows
     * @param jmh the model's JMH rows, for a batch-1 service time where no serve row has one
     */
    static List<Serving> of(List<DerivedRow> serve, List<DerivedRow> jmh) {
        Map<String, List<DerivedRow>> byBound = new LinkedHashMap<>();
        for (DerivedRow r : serve) {
            byBound.computeIfAbsent(ServeRows.layout(r).bound(), b -> new ArrayList<>()).add(r);
        }
        boolean launches = serve.stream().map(r -> r.text(Column.LAUNCH)).distinct().count() > 1;
        List<Serving> out = new ArrayList<>();
        byBound.forEach(
                (bound, rows) -> {
                    Map<ConfigId, List<DerivedRow>> byLayout = new LinkedHashMap<>();
                    for (DerivedRow r : rows) {
                        byLayout.computeIfAbsent(ServeRows.layoutId(r), k -> new ArrayList<>())
                                .add(r);
                    }
                    List<Layout> layouts = new ArrayList<>();
                    byLayout.forEach((id, own) -> layouts.add(layout(own, serve, jmh, launches)));
                    layouts.sort(RANKING);
                    out.add(new Serving(bound, layouts, line(bound, layouts)));
                });
        return out;
    }

    /** Valid capacities first, then invalid ones, each highest first; then layouts without. */
    static final Comparator<Layout> RANKING =
            Comparator.comparingInt((Layout l) -> l.hasCapacity() ? (l.valid() ? 0 : 1) : 2)
                    .thenComparing(
                            Comparator.comparingDouble(
                                            (Layout l) -> l.hasCapacity() ? l.capacity() : 0)
                                    .reversed());

    private static Layout layout(
            List<DerivedRow> own, List<DerivedRow> serve, List<DerivedRow> jmh, boolean launches) {
        DerivedRow first = own.get(0);
        ServeFile.Layout l = ServeRows.layout(first);
        String launch = first.text(Column.LAUNCH);
        String label = l.text() + (launches && !launch.isEmpty() ? " [" + launch + "]" : "");
        Optional<DerivedRow> capacity = point(own, ServeRows.CAPACITY);
        Optional<DerivedRow> offline = point(own, ServeRows.OFFLINE);
        List<DerivedRow> probes =
                own.stream()
                        .filter(r -> r.text(Column.SERVE_POINT).equals(ServeRows.PROBE))
                        .sorted(
                                Comparator.comparingDouble(
                                        r -> r.number(Column.OFFERED_RATE_PER_S)))
                        .toList();
        boolean searched = offline.isPresent();
        double rate = first.number(Column.CAPACITY_PER_S);
        boolean valid = capacity.map(r -> r.text(Column.LOAD_VALID).equals("true")).orElse(false);
        String why = "";
        Optional<DerivedRow> at = capacity;
        if (capacity.isPresent() && !valid) {
            why = reasons(capacity.get());
        } else if (capacity.isEmpty() && searched) {
            why =
                    probes.isEmpty()
                            ? "no rate probed"
                            : String.format(
                                    Locale.ROOT,
                                    "no rate met the bound: the lowest tried, %s/s, had p99 %s ms",
                                    threeDigits(probes.get(0).number(Column.OFFERED_RATE_PER_S)),
                                    threeDigits(probes.get(0).number(Column.LATENCY_MS_P99)));
        } else if (!searched) {
            at = probes.stream().findFirst();
            why =
                    at.map(
                                    r ->
                                            String.format(
                                                    Locale.ROOT,
                                                    "one rate asked, no capacity searched: at %s/s"
                                                            + " p99 %s ms, %s the bound, %s",
                                                    threeDigits(
                                                            r.number(Column.OFFERED_RATE_PER_S)),
                                                    threeDigits(r.number(Column.LATENCY_MS_P99)),
                                                    r.text(Column.MEETS_BOUND).equals("true")
                                                            ? "meets"
                                                            : "fails",
                                                    r.text(Column.LOAD_VALID).equals("true")
                                                            ? "valid"
                                                            : "invalid"))
                            .orElse("no point");
        }
        return new Layout(
                label,
                l,
                searched ? rate : Double.NaN,
                searched,
                valid,
                why,
                offline.map(r -> r.number(Column.THROUGHPUT_SAMPLES_PER_S)).orElse(Double.NaN),
                at,
                batchOne(first, l, own, serve, jmh));
    }

    /** Why the capacity row is not valid, from its warning. */
    private static String reasons(DerivedRow r) {
        return r.warnings().stream()
                .filter(w -> w.startsWith("not valid: "))
                .map(w -> w.substring("not valid: ".length()))
                .findFirst()
                .orElse("not valid");
    }

    private static Optional<DerivedRow> point(List<DerivedRow> rows, String point) {
        return rows.stream().filter(r -> r.text(Column.SERVE_POINT).equals(point)).findFirst();
    }

    /**
     * Service time per sample at batch 1 with the same workers and threads: this layout's own rows
     * where every batch was a single request (the lowest rate first); else another layout's (its
     * capacity row first); else a JMH SampleTime row at batch 1 with as many callers as workers
     * (its mean latency of a pass).
     */
    private static Optional<Reference> batchOne(
            DerivedRow first,
            ServeFile.Layout l,
            List<DerivedRow> own,
            List<DerivedRow> serve,
            List<DerivedRow> jmh) {
        Optional<Reference> self =
                single(capacityFirst(own))
                        .map(
                                r ->
                                        new Reference(
                                                r.number(Column.SERVICE_MS_PER_SAMPLE),
                                                SELF
                                                        + " at "
                                                        + threeDigits(
                                                                r.number(Column.OFFERED_RATE_PER_S))
                                                        + "/s"));
        if (self.isPresent()) {
            return self;
        }
        List<DerivedRow> others =
                serve.stream()
                        .filter(
                                r -> {
                                    ServeFile.Layout o = ServeRows.layout(r);
                                    return o.workers() == l.workers()
                                            && o.threads() == l.threads()
                                            && r.text(Column.LAUNCH)
                                                    .equals(first.text(Column.LAUNCH))
                                            && !own.contains(r);
                                })
                        .toList();
        Optional<Reference> other =
                single(capacityFirst(others))
                        .map(
                                r ->
                                        new Reference(
                                                r.number(Column.SERVICE_MS_PER_SAMPLE),
                                                ServeRows.layout(r).text()
                                                        + " at "
                                                        + threeDigits(
                                                                r.number(Column.OFFERED_RATE_PER_S))
                                                        + "/s"));
        if (other.isPresent()) {
            return other;
        }
        return jmh.stream()
                .filter(
                        r ->
                                r.text(Column.JMH_MODE).equals("sample")
                                        && r.number(Column.BATCH_SIZE) == 1
                                        && r.number(Column.INTRA_OP_THREADS) == l.threads()
                                        && r.number(Column.CALLERS) == l.workers()
                                        && r.number(Column.LATENCY_MS_MEAN) > 0)
                .findFirst()
                .map(
                        r ->
                                new Reference(
                                        r.number(Column.LATENCY_MS_MEAN),
                                        "JMH sample mode, "
                                                + l.workers()
                                                + (l.workers() == 1 ? " caller" : " callers")
                                                + ", mean pass"));
    }

    /** The capacity rows first, then the others by offered rate, lowest first. */
    private static List<DerivedRow> capacityFirst(List<DerivedRow> rows) {
        return rows.stream()
                .sorted(
                        Comparator.comparingInt(
                                        (DerivedRow r) ->
                                                r.text(Column.SERVE_POINT)
                                                                .equals(ServeRows.CAPACITY)
                                                        ? 0
                                                        : 1)
                                .thenComparingDouble(r -> r.number(Column.OFFERED_RATE_PER_S)))
                .toList();
    }

    /** The first row whose batches were all single requests, with a busy time per sample. */
    private static Optional<DerivedRow> single(List<DerivedRow> rows) {
        return rows.stream()
                .filter(
                        r ->
                                r.number(Column.MEAN_BATCH) == 1
                                        && r.number(Column.SERVICE_MS_PER_SAMPLE) > 0
                                        && !r.text(Column.SERVE_POINT).equals(ServeRows.OFFLINE))
                .findFirst();
    }

    /**
     * {@code p99 <= 300 ms: 2 workers x 1 thread, batches <= 8 after 20.0 ms: 18.1/s (valid); 1.30x
     * the runner-up 1 worker x 2 threads, no batching (13.9/s, valid), beyond the search's 5%
     * resolution; Offline 21.0/s}: the best valid capacity against the next valid one and the best
     * unbatched one; a higher capacity that is not valid is named beside it, never chosen.
     */
    static String line(String bound, List<Layout> layouts) {
        List<Layout> valid = layouts.stream().filter(l -> l.hasCapacity() && l.valid()).toList();
        List<Layout> invalid = layouts.stream().filter(l -> l.hasCapacity() && !l.valid()).toList();
        StringBuilder out = new StringBuilder(bound).append(": ");
        if (valid.isEmpty() && invalid.isEmpty()) {
            Layout l = layouts.get(0);
            return out.append("no capacity: ")
                    .append(l.label())
                    .append(": ")
                    .append(l.why())
                    .append(offline(l))
                    .toString();
        }
        if (valid.isEmpty()) {
            Layout best = invalid.get(0);
            return out.append("no valid capacity; the highest found: ")
                    .append(best.label())
                    .append(": ")
                    .append(best.figure(true))
                    .append(offline(best))
                    .toString();
        }
        Layout best = valid.get(0);
        out.append(best.label()).append(": ").append(best.figure(true));
        if (valid.size() > 1) {
            Layout next = valid.get(1);
            out.append("; ")
                    .append(versus(best, next, "the runner-up"))
                    .append(", ")
                    .append(resolution(best, next));
        } else {
            out.append("; the only valid capacity");
        }
        if (best.layout().maxBatch() > 1) {
            // the best unbatched layout, unless it is the runner-up already named
            valid.stream()
                    .filter(l -> l.layout().maxBatch() == 1)
                    .findFirst()
                    .filter(l -> valid.size() < 2 || l != valid.get(1))
                    .ifPresent(
                            l ->
                                    out.append("; ")
                                            .append(versus(best, l, "the best unbatched layout")));
        }
        invalid.stream()
                .filter(l -> l.capacity() > best.capacity())
                .findFirst()
                .ifPresent(
                        l ->
                                out.append("; higher but not valid: ")
                                        .append(l.label())
                                        .append(" (")
                                        .append(l.figure(false))
                                        .append(")"));
        return out.append(offline(best)).toString();
    }

    private static String versus(Layout best, Layout other, String what) {
        return String.format(
                Locale.ROOT,
                "%sx %s %s (%s)",
                threeDigits(best.capacity() / other.capacity()),
                what,
                other.label(),
                other.figure(false));
    }

    /** Whether two capacities differ by more than the search could tell apart. */
    private static String resolution(Layout best, Layout next) {
        String pct = Math.round(100 * CapacitySearch.RESOLUTION) + "%";
        return best.capacity() > next.capacity() * (1 + CapacitySearch.RESOLUTION)
                ? "beyond the search's " + pct + " resolution"
                : "within the search's " + pct + " resolution";
    }

    private static String offline(Layout l) {
        return l.offline() > 0 ? "; Offline " + threeDigits(l.offline()) + "/s" : "";
    }
}
