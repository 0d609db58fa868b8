package org.effbench.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.effbench.base.AtomicFiles;

/**
 * The load generator checked against queueing theory with a {@link SyntheticService} (fixed service
 * time, no model), on the real clock and threads: what {@code serve-check} runs.
 *
 * <ul>
 *   <li><b>M/D/1</b>: Poisson arrivals, one worker, fixed service time D, utilisation rho = rate x
 *       D. The measured mean queueing delay (arrival to service start) must match W_q = rho D / (2
 *       (1 - rho)) (= rho / (2 mu (1 - rho)), mu = 1/D) within {@link #TOLERANCE} plus the sample's
 *       own deviation: the same schedule simulated exactly ({@link Simulation}) misses the formula
 *       by its sampling error alone (a 20 s run at D = 1 ms: 4% standard deviation at rho 0.3-0.7,
 *       6% at 0.8, 10% at 0.9, over 40 seeds), so a miss beyond both is the implementation's (its
 *       clock, its wake-ups), not the sample's.
 *   <li><b>Coordinated omission</b>: the same service stalls once. Measured open loop, latency from
 *       each request's scheduled arrival counts everyone who waited behind the stall; a closed loop
 *       (one caller, next call when the last returns, latency from the actual send) counts only the
 *       stalled call, so its p99 stays near D.
 * </ul>
 */
public final class TheoryCheck {

    /** Relative tolerance of the measured mean wait against M/D/1. */
    public static final double TOLERANCE = 0.10;

    /**
     * How much longer than D the measured service may run on average and still count as fixed. A
     * spun service runs long only when the machine takes its core away (another process, on a
     * shared machine); the queue then is M/G/1, not M/D/1, and near saturation its wait grows far
     * beyond M/D/1's (correlated stalls more than Pollaczek-Khinchine's independent ones): a miss
     * then says nothing about the generator and is reported inconclusive, not failed.
     */
    public static final double STRETCH = 0.01;

    /** A utilisation's outcome. */
    public enum Outcome {
        WITHIN,
        /** Beyond the tolerance with the service as fixed as asked: the check fails. */
        OFF,
        /** Beyond the tolerance, the service stretched beyond {@link #STRETCH}: no verdict. */
        INCONCLUSIVE
    }

    private TheoryCheck() {}

    /** M/D/1's mean wait before service, nanoseconds: rho D / (2 (1 - rho)). */
    public static double md1WaitNanos(double rho, long serviceNanos) {
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("utilisation " + rho + " is not in [0, 1)");
        }
        return rho * serviceNanos / (2 * (1 - rho));
    }

    /**
     * M/G/1's mean wait before service (Pollaczek-Khinchine), nanoseconds: lambda E[S^2] / (2 (1 -
     * lambda E[S])), with the moments of the service times in {@code service} (ns); infinite at or
     * above full utilisation.
     */
    public static double mg1WaitNanos(double rate, Histogram service) {
        double mean = service.getMean();
        double sd = service.getStdDeviation();
        double lambda = rate / 1e9;
        double rho = lambda * mean;
        return rho >= 1
                ? Double.POSITIVE_INFINITY
                : lambda * (sd * sd + mean * mean) / (2 * (1 - rho));
    }

    /**
     * One utilisation: measured and simulated mean wait on the same arrivals, the formula's.
     *
     * @param simulatedMs the exact M/D/1 of the same schedule (sampling only, no implementation)
     * @param pkMs M/G/1's mean wait (Pollaczek-Khinchine) with the service times as measured: what
     *     the queue should have given the service the machine really delivered (preemptions make a
     *     spun service longer and variable on a busy machine)
     */
    public record Md1Row(
            double rho,
            double rate,
            long n,
            double serviceMs,
            double serviceMeanMs,
            double measuredMs,
            double simulatedMs,
            double theoryMs,
            double pkMs) {

        /** The allowed relative miss: the tolerance plus the sample's own deviation. */
        public double allowed() {
            return TOLERANCE + Math.abs(simulatedMs / theoryMs - 1);
        }

        public double miss() {
            return measuredMs / theoryMs - 1;
        }

        public boolean within() {
            return Math.abs(miss()) <= allowed();
        }

        /**
         * Whether the machine stretched the service beyond {@link #STRETCH} (see {@link #outcome}).
         */
        public boolean stretched() {
            return serviceMeanMs > serviceMs * (1 + STRETCH);
        }

        public Outcome outcome() {
            return within() ? Outcome.WITHIN : stretched() ? Outcome.INCONCLUSIVE : Outcome.OFF;
        }

        public String line() {
            return String.format(
                    Locale.ROOT,
                    "rho %.2f (%,.0f/s, n=%,d): mean wait %.4f ms measured, %.4f ms M/D/1 (%+.1f%%;"
                            + " same arrivals simulated %.4f ms, %+.1f%%): %s; service as"
                            + " measured %.4f ms mean, M/G/1 with it %.4f ms",
                    rho,
                    rate,
                    n,
                    measuredMs,
                    theoryMs,
                    100 * miss(),
                    simulatedMs,
                    100 * (simulatedMs / theoryMs - 1),
                    switch (outcome()) {
                        case WITHIN -> "within " + Math.round(100 * allowed()) + "%";
                        case OFF -> "OFF by more than " + Math.round(100 * allowed()) + "%";
                        case INCONCLUSIVE ->
                                String.format(
                                        Locale.ROOT,
                                        "beyond %d%%, inconclusive: the service ran %.1f%% long, not fixed",
                                        Math.round(100 * allowed()),
                                        100 * (serviceMeanMs / serviceMs - 1));
                    },
                    serviceMeanMs,
                    pkMs);
        }
    }

    /** Runs the M/D/1 check at each utilisation on one worker of {@code driver}. */
    public static List<Md1Row> md1(
            Driver driver,
            SyntheticService service,
            long serviceNanos,
            double[] utilisations,
            RunLength length,
            long seed,
            Consumer<Md1Row> progress) {
        List<Md1Row> rows = new ArrayList<>();
        for (double rho : utilisations) {
            double rate = rho * 1e9 / serviceNanos;
            // no early stop: a bound far beyond any wait these utilisations produce
            StopRule none = new StopRule(Long.MAX_VALUE / 4, 99, 1, false);
            PointPlan plan =
                    PointPlan.open(rate, Arrival.POISSON, length, seed, BatchPolicy.NONE, none);
            service.reset();
            PointResult measured = driver.run(plan);
            PointResult simulated = new Simulation(1, Simulation.fixed(serviceNanos)).run(plan);
            Md1Row row =
                    new Md1Row(
                            rho,
                            rate,
                            measured.completed(),
                            serviceNanos / 1e6,
                            PointResult.meanMillis(measured.service()),
                            PointResult.meanMillis(measured.queue()),
                            PointResult.meanMillis(simulated.queue()),
                            md1WaitNanos(rho, serviceNanos) / 1e6,
                            mg1WaitNanos(rate, measured.service()) / 1e6);
            rows.add(row);
            progress.accept(row);
        }
        return rows;
    }

    /** The coordinated-omission demonstration's figures. */
    public record Omission(
            double rate,
            long stallNanos,
            PointResult open,
            Histogram closed,
            double closedSeconds) {

        public String lines() {
            Histogram o = open.latency();
            return String.format(
                    Locale.ROOT,
                    "open loop at %,.0f/s (latency from the scheduled arrival): p50 %.3f ms, p99 %.3f"
                            + " ms, max %.3f ms (n=%,d)%n"
                            + "closed loop, one caller (latency from the actual send): p50 %.3f ms,"
                            + " p99 %.3f ms, max %.3f ms (n=%,d, %,.0f calls/s)%n"
                            + "the same %.0f ms stall: p99 %.1fx higher measured from the intended"
                            + " send time",
                    rate,
                    PointResult.millis(o, 50),
                    PointResult.millis(o, 99),
                    o.getMaxValue() / 1e6,
                    o.getTotalCount(),
                    PointResult.millis(closed, 50),
                    PointResult.millis(closed, 99),
                    closed.getMaxValue() / 1e6,
                    closed.getTotalCount(),
                    closed.getTotalCount() / closedSeconds,
                    stallNanos / 1e6,
                    PointResult.millis(o, 99) / PointResult.millis(closed, 99));
        }
    }

    /**
     * The coordinated-omission demonstration: {@code stalling} stalls once (its call number set to
     * the middle of the run); open loop at {@code rate} through {@code driver}, then a closed loop
     * on the calling thread for as long.
     */
    public static Omission omission(
            Driver driver,
            SyntheticService stalling,
            Ticker ticker,
            double rate,
            long stallNanos,
            RunLength length,
            long seed) {
        PointPlan plan =
                PointPlan.open(
                        rate,
                        Arrival.POISSON,
                        length,
                        seed,
                        BatchPolicy.NONE,
                        new StopRule(Long.MAX_VALUE / 4, 99, 1, false));
        stalling.reset();
        PointResult open = driver.run(plan);
        stalling.reset();
        Histogram closed = new Histogram(Recorder.DIGITS);
        long start = ticker.nanoTime();
        long end = start + open.durationNanos();
        for (long t = start; t - end < 0; ) {
            stalling.serve(0, 1);
            long done = ticker.nanoTime();
            closed.recordValue(done - t);
            t = done;
        }
        return new Omission(rate, stallNanos, open, closed, (ticker.nanoTime() - start) / 1e9);
    }

    public static final String JSON = "serve-check.json";
    public static final String HLOG = "serve-check.hlog";

    /**
     * Writes the check's figures ({@value #JSON}) and the demonstration's two latency histograms
     * ({@value #HLOG}, tagged {@code open} and {@code closed}, nanoseconds) into {@code dir}.
     */
    public static List<Path> write(Path dir, long serviceNanos, List<Md1Row> rows, Omission o)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("service_ms", serviceNanos / 1e6);
        root.put("tolerance", TOLERANCE);
        ArrayNode md1 = root.putArray("md1");
        for (Md1Row r : rows) {
            ObjectNode n = md1.addObject();
            n.put("rho", r.rho());
            n.put("rate_per_s", r.rate());
            n.put("n", r.n());
            n.put("service_mean_ms", r.serviceMeanMs());
            n.put("wait_mean_ms_measured", r.measuredMs());
            n.put("wait_mean_ms_simulated_same_arrivals", r.simulatedMs());
            n.put("wait_mean_ms_md1", r.theoryMs());
            n.put("wait_mean_ms_mg1_measured_service", r.pkMs());
            n.put("allowed_relative_miss", r.allowed());
            n.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        }
        ObjectNode co = root.putObject("coordinated_omission");
        co.put("rate_per_s", o.rate());
        co.put("stall_ms", o.stallNanos() / 1e6);
        co.put("open_n", o.open().latency().getTotalCount());
        co.put("open_p50_ms", PointResult.millis(o.open().latency(), 50));
        co.put("open_p99_ms", PointResult.millis(o.open().latency(), 99));
        co.put("open_max_ms", o.open().latency().getMaxValue() / 1e6);
        co.put("closed_n", o.closed().getTotalCount());
        co.put("closed_p50_ms", PointResult.millis(o.closed(), 50));
        co.put("closed_p99_ms", PointResult.millis(o.closed(), 99));
        co.put("closed_max_ms", o.closed().getMaxValue() / 1e6);
        List<Path> written = new ArrayList<>();
        written.add(
                AtomicFiles.writeString(
                        dir.resolve(JSON),
                        mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
                                + "\n"));
        written.add(
                AtomicFiles.write(
                        dir.resolve(HLOG),
                        out -> {
                            PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
                            HistogramLogWriter log = new HistogramLogWriter(print);
                            log.outputComment(
                                    "effbench serve-check: coordinated-omission demonstration,"
                                            + " latency in nanoseconds; open: from the scheduled"
                                            + " arrival, closed: from the actual send");
                            log.outputLogFormatVersion();
                            log.outputLegend();
                            Histogram open = o.open().latency().copy();
                            open.setTag("open");
                            log.outputIntervalHistogram(open);
                            Histogram closed = o.closed().copy();
                            closed.setTag("closed");
                            log.outputIntervalHistogram(closed);
                            print.flush();
                        }));
        return written;
    }
}
