package org.effbench.report;

import static org.effbench.base.Figures.threeDigits;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.effbench.bench.BenchParam;
import org.effbench.energy.PowerEstimate;
import org.effbench.metrics.StaticMetrics;
import org.effbench.serve.ServeSettings;

/**
 * The rows of results.csv a serve run gives, one per load point and one for the Offline run, with
 * the shared columns filled as a JMH row fills them where they mean the same thing (one request is
 * one sample; workers are the callers; the batcher's largest batch is the batch size) and the
 * serving columns beside them. Their benchmark is {@value #BENCHMARK} and their JMH mode empty,
 * which keeps them out of everything that reads JMH rows (the latency and throughput verdict, the
 * charts against batch size, the roofline, the peer comparison).
 */
public final class ServeRows {

    /** The benchmark column of every serve row. */
    public static final String BENCHMARK = "serve";

    /** serve_point values. */
    static final String OFFLINE = "offline";

    static final String PROBE = "probe";
    static final String CAPACITY = "capacity";

    // the identity's parameter names: serve.json's own field names where it has one
    static final String WORKERS = "workers";
    static final String THREADS = "intra_op_threads";
    static final String MAX_BATCH = "max_batch";
    static final String MAX_DELAY = "max_delay_ms";
    static final String ARRIVAL = "arrival";
    static final String BOUND = "bound_ms";

    /** Which point of a layout a row is, and a probe's rate: not part of the layout. */
    static final String POINT = Column.SERVE_POINT.header();

    static final String OFFERED = Column.OFFERED_RATE_PER_S.header();

    private final Deriver deriver;

    /** Fills the machine, model and energy columns as {@code deriver} does for JMH rows. */
    ServeRows(Deriver deriver) {
        this.deriver = deriver;
    }

    /** Whether {@code row} is a serve row. */
    public static boolean is(DerivedRow row) {
        return row.text(Column.BENCHMARK).equals(BENCHMARK);
    }

    /** The offline row, then each point's in the order run. */
    List<DerivedRow> derive(ServeFile f) {
        List<DerivedRow> rows = new ArrayList<>();
        Optional<StaticMetrics> metrics = deriver.metrics().of(f.model(), f.input(), 1);
        f.offline().ifPresent(o -> rows.add(row(f, o, OFFLINE, metrics)));
        for (int i = 0; i < f.points().size(); i++) {
            boolean atCapacity = f.searched() && f.capacity().equals(OptionalInt.of(i));
            rows.add(row(f, f.points().get(i), atCapacity ? CAPACITY : PROBE, metrics));
        }
        return rows;
    }

    private DerivedRow row(
            ServeFile f, ServeFile.Point p, String point, Optional<StaticMetrics> metrics) {
        ServeFile.Layout l = f.layout();
        DerivedRow row = new DerivedRow();
        row.put(Column.RUN_ID, deriver.runId())
                .put(Column.BENCHMARK, BENCHMARK)
                .put(Column.MODEL, f.model())
                .put(Column.BATCH_SIZE, l.maxBatch())
                .put(Column.INTRA_OP_THREADS, l.threads() > 0 ? l.threads() : null)
                .put(Column.CALLERS, l.workers())
                .put(
                        Column.MEASUREMENT,
                        String.format(
                                Locale.ROOT,
                                "%s s, %,d served of %,d %s",
                                threeDigits(p.seconds()),
                                p.served(),
                                p.planned(),
                                p.isOffline() ? "taken" : "planned"))
                .put(Column.LAUNCH, f.launchSet().isEmpty() ? null : f.launchSet())
                .put(Column.LAUNCH_SETTINGS, launchSettings(f.launch()))
                .put(Column.JMH_PARAMS, ConfigId.encode(identity(f, p, point)))
                .put(Column.OFFERED_RATE_PER_S, p.isOffline() ? null : p.offered())
                .put(Column.ARRIVAL, l.arrival().isEmpty() ? null : l.arrival())
                .put(Column.MAX_DELAY_MS, l.maxDelayMs())
                .put(Column.MEAN_BATCH, p.meanBatch())
                .put(Column.QUEUE_MS_MEAN, p.queue().mean())
                .put(Column.QUEUE_MS_P99, p.queue().percentile(99))
                .put(Column.SERVICE_MS_MEAN, p.service().mean())
                .put(Column.SERVICE_MS_P99, p.service().percentile(99))
                .put(Column.LATENCY_BOUND_MS, l.boundMs())
                .put(Column.CAPACITY_PER_S, f.capacityRate())
                .put(Column.SERVE_POINT, point)
                .put(Column.THROUGHPUT_SAMPLES_PER_S, p.achieved())
                .put(
                        Column.THROUGHPUT_SOURCE,
                        "serve: achieved, requests served / (first arrival to last completion)");
        deriver.machineColumns(row);
        f.problems().forEach(row::warn);
        if (p.isOffline()) {
            row.warn(
                    "offline point: every request was queued at the start, so its latency measures"
                            + " the backlog, not serving: latency columns empty");
        } else {
            latency(row, p);
            row.put(Column.MEETS_BOUND, p.meetsBound()).put(Column.LOAD_VALID, p.valid());
            if (!p.valid()) {
                row.warn("not valid: " + String.join("; ", p.invalidBecause()));
            }
            if (p.planned() > p.served()) {
                row.warn(
                        String.format(
                                Locale.ROOT,
                                "%,d of %,d planned requests never served (the point stopped early)",
                                p.planned() - p.served(),
                                p.planned()));
            }
        }
        if (!f.searched()) {
            row.warn("one rate asked (--rate): no capacity searched");
        } else if (f.capacityPoint().isEmpty()) {
            row.warn(
                    "no capacity: no rate"
                            + (Double.isNaN(f.lowestFailing())
                                    ? ""
                                    : " down to " + threeDigits(f.lowestFailing()) + "/s")
                            + " met "
                            + l.bound());
        }
        double busy = p.busySeconds();
        if (p.served() > 0 && busy > 0) {
            row.put(Column.SERVICE_MS_PER_SAMPLE, busy * 1e3 / p.served());
        }
        if (metrics.isEmpty()) {
            row.warn("no static metrics for model '" + f.model() + "': model columns empty");
            return row;
        }
        model(row, metrics.get(), l, p);
        energy(row, metrics.get(), l, p, busy);
        return row;
    }

    /** The latency distribution, its percentiles' support by the count, as for a JMH row. */
    private static void latency(DerivedRow row, ServeFile.Point p) {
        ServeFile.Distribution d = p.latency();
        row.put(Column.LATENCY_MS_MEAN, d.mean())
                .put(Column.LATENCY_N, d.n())
                .put(Column.LATENCY_MS_MIN, d.min())
                .put(Column.LATENCY_MS_MAX, d.max())
                .put(Column.LATENCY_MS_STDEV, d.stdev());
        Percentiles.COLUMNS.forEach((q, column) -> row.put(column, d.percentile(q)));
        List<Double> written = Percentiles.written(row);
        row.put(Column.PERCENTILES_VALID, Percentiles.validCell(d.n(), written));
        Percentiles.unsupportedWarning(d.n(), written).ifPresent(row::warn);
    }

    /** The model's counts at batch 1 and the achieved FLOPS against the machine's ceilings. */
    private void model(DerivedRow row, StaticMetrics s, ServeFile.Layout l, ServeFile.Point p) {
        Deriver.modelCounts(row, s);
        deriver.achieved(row, s, p.achieved(), Math.max(1, l.threads()), l.workers());
    }

    /**
     * Energy per request from the workers' busy time: watts per busy core x the cores one worker
     * keeps busy x its busy time per request. At low load the workers idle, and an idle core is not
     * charged to the requests (as the JMH rows charge only the cores they keep busy); at most every
     * core for the whole point.
     */
    private void energy(
            DerivedRow row, StaticMetrics s, ServeFile.Layout l, ServeFile.Point p, double busy) {
        PowerEstimate power = deriver.energy().power();
        if (!power.known()) {
            row.put(Column.ENERGY_SOURCE, power.label(0));
            return;
        }
        if (!(busy > 0) || p.served() == 0) {
            row.put(
                    Column.ENERGY_SOURCE,
                    "none: no busy time (no service histogram in the hlog, or nothing served)");
            return;
        }
        int perWorker = deriver.busyCores(Math.max(1, l.threads()));
        double coreSeconds = perWorker * busy;
        int all = deriver.busyCores(Math.max(1, l.threads()) * l.workers());
        boolean capped = coreSeconds > all * p.seconds();
        if (capped) {
            coreSeconds = all * p.seconds();
            row.warn(
                    String.format(
                            Locale.ROOT,
                            "busy time (%s core-s) exceeds %d cores x the point's %s s: the workers"
                                    + " waited for cores; energy charged for all %d cores over the"
                                    + " point",
                            threeDigits(perWorker * busy),
                            all,
                            threeDigits(p.seconds()),
                            all));
        }
        double perSample = power.wattsPerCore() * coreSeconds / p.served();
        row.put(Column.ENERGY_J_PER_SAMPLE, perSample)
                .put(Column.PJ_PER_FLOP, perSample / s.flopsPerSample() * 1e12)
                .put(
                        Column.ENERGY_SOURCE,
                        String.format(
                                Locale.ROOT,
                                "estimated from busy time: %.2f W/core x %s (%s)",
                                power.wattsPerCore(),
                                capped
                                        ? all
                                                + " cores x the point's "
                                                + threeDigits(p.seconds())
                                                + " s"
                                        : String.format(
                                                Locale.ROOT,
                                                "%d %s per worker x %s s busy over %s s x %d %s",
                                                perWorker,
                                                perWorker == 1 ? "core" : "cores",
                                                threeDigits(busy),
                                                threeDigits(p.seconds()),
                                                l.workers(),
                                                l.workers() == 1 ? "worker" : "workers"),
                                power.basis()))
                .put(
                        Column.CO2_G_PER_1000_SAMPLES,
                        deriver.energy().grid().gramsPer1000Samples(perSample))
                .put(Column.CO2_SOURCE, deriver.energy().grid().label());
    }

    /**
     * How the serving JVM was launched, as a launch set's settings are written: {@code k=v; k=v}.
     */
    static String launchSettings(Map<String, String> launch) {
        if (launch.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(launch).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join("; ", parts);
    }

    /**
     * What tells a serve row apart from every other: the model, the layout, which point, and a
     * probe's offered rate (the capacity and offline rows of two runs of one layout match, their
     * probes rarely do).
     */
    static SortedMap<String, String> identity(ServeFile f, ServeFile.Point p, String point) {
        SortedMap<String, String> id = new TreeMap<>();
        ServeFile.Layout l = f.layout();
        id.put(BenchParam.MODEL.jmhName(), f.model());
        if (!f.input().isEmpty()) {
            id.put(BenchParam.INPUT.jmhName(), f.input());
        }
        id.put(WORKERS, Integer.toString(l.workers()));
        id.put(THREADS, Integer.toString(l.threads()));
        id.put(MAX_BATCH, Integer.toString(l.maxBatch()));
        id.put(MAX_DELAY, ResultsCsv.format(l.maxDelayMs()));
        id.put(ARRIVAL, l.arrival());
        id.put(BOUND, ResultsCsv.format(l.boundMs()));
        id.put(POINT, point);
        if (point.equals(PROBE)) {
            id.put(OFFERED, ResultsCsv.format(p.offered()));
        }
        return id;
    }

    /** A serve row's layout, read back from its identity. */
    static ServeFile.Layout layout(DerivedRow row) {
        Map<String, String> id = ConfigId.of(row).params();
        return new ServeFile.Layout(
                Integer.parseInt(id.getOrDefault(WORKERS, "1")),
                Integer.parseInt(id.getOrDefault(THREADS, "0")),
                Integer.parseInt(id.getOrDefault(MAX_BATCH, "1")),
                Double.parseDouble(id.getOrDefault(MAX_DELAY, "0")),
                id.getOrDefault(ARRIVAL, ""),
                ServeSettings.PERCENTILE,
                Double.parseDouble(id.getOrDefault(BOUND, "NaN")));
    }

    /**
     * A serve row's layout as a configuration: its identity without the point and offered rate,
     * with its launch set and context.
     */
    static ConfigId layoutId(DerivedRow row) {
        ConfigId id = ConfigId.of(row);
        SortedMap<String, String> params = new TreeMap<>(id.params());
        params.remove(POINT);
        params.remove(OFFERED);
        return new ConfigId(
                id.benchmark(), params, id.mode(), id.callers(), id.launch(), id.context());
    }
}
