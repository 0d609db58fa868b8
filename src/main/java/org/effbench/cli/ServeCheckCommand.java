package org.effbench.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.effbench.base.Checks;
import org.effbench.run.RunFolder;
import org.effbench.serve.Durations;
import org.effbench.serve.RunLength;
import org.effbench.serve.ServeSettings;
import org.effbench.serve.SyntheticService;
import org.effbench.serve.TheoryCheck;
import org.effbench.serve.Ticker;
import org.effbench.serve.Workers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The load generator checked against queueing theory on a synthetic service (fixed duration, no
 * model): M/D/1's mean queueing delay at several utilisations, and the coordinated-omission
 * demonstration (one stall, measured open loop and closed loop). Exit code 1 when a utilisation
 * misses M/D/1 by more than its tolerance.
 */
@Command(
        name = "serve-check",
        mixinStandardHelpOptions = true,
        description =
                "Checks serve's load generator against M/D/1 queueing theory on a synthetic"
                        + " fixed-time service, and shows coordinated omission on a stalling one.")
final class ServeCheckCommand implements Callable<Integer> {

    static final String SERVICE = "--service";
    static final String SECONDS = "--seconds";
    static final String UTILISATIONS = "--utilisations";
    static final String STALL = "--stall";

    @Option(
            names = SERVICE,
            defaultValue = "1ms",
            paramLabel = "DURATION",
            description = "the synthetic service time D (default: ${DEFAULT-VALUE})")
    String service;

    @Option(
            names = SECONDS,
            defaultValue = "20",
            description = "seconds of arrivals per utilisation (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(
            names = UTILISATIONS,
            defaultValue = "0.3,0.5,0.7,0.8,0.9",
            split = ",",
            description = "utilisations rho = rate x D, each in (0, 1) (default: ${DEFAULT-VALUE})")
    List<String> utilisations;

    @Option(
            names = STALL,
            defaultValue = "500ms",
            paramLabel = "DURATION",
            description =
                    "the one stall of the coordinated-omission demonstration (default:"
                            + " ${DEFAULT-VALUE})")
    String stall;

    @Mixin ResultsOption results;

    @Override
    public Integer call() throws IOException {
        long d = Durations.parse(SERVICE, service, 1_000);
        long stallNanos = Durations.parse(STALL, stall, 1);
        Checks.atLeast(SECONDS, seconds, 1);
        double[] rhos = utilisations.stream().mapToDouble(this::utilisation).toArray();
        RunLength length =
                new RunLength(1, seconds * 1_000_000_000L, Integer.MAX_VALUE, 3600_000_000_000L);
        RunFolder folder = RunFolder.create(results.dir, "serve-check", Instant.now());
        System.out.printf(
                Locale.ROOT,
                "M/D/1: Poisson arrivals, 1 worker, service %s ms busy-spinning, %d s per"
                        + " utilisation; mean wait before service against rho D / (2 (1 - rho)),"
                        + " tolerance %.0f%% plus the sample's own deviation (the same arrivals"
                        + " simulated exactly)%n",
                Double.toString(d / 1e6),
                seconds,
                100 * TheoryCheck.TOLERANCE);
        List<TheoryCheck.Md1Row> rows;
        TheoryCheck.Omission omission;
        try (SyntheticService fixed = new SyntheticService(Ticker.SYSTEM, d, 0, 0);
                Workers one = new Workers(1, fixed, Ticker.SYSTEM)) {
            one.prepare();
            // a short point first, discarded: the JIT compiles the queue and the worker loop
            TheoryCheck.md1(
                    one,
                    fixed,
                    d,
                    new double[] {0.5},
                    new RunLength(1, 2_000_000_000L, Integer.MAX_VALUE, 10_000_000_000L),
                    ServeSettings.SEED + 1,
                    row -> {});
            rows =
                    TheoryCheck.md1(
                            one,
                            fixed,
                            d,
                            rhos,
                            length,
                            ServeSettings.SEED,
                            row -> System.out.println("  " + row.line()));
        }
        double rho = 0.5;
        double rate = rho * 1e9 / d;
        long expectedCalls = Math.round(rate * seconds);
        System.out.printf(
                Locale.ROOT,
                "coordinated omission: the same service stalls %s ms once (call %,d, mid-run);"
                        + " open loop at rho %.1f for %d s, then a closed loop as long%n",
                Double.toString(stallNanos / 1e6),
                expectedCalls / 2,
                rho,
                seconds);
        try (SyntheticService stalling =
                        new SyntheticService(Ticker.SYSTEM, d, expectedCalls / 2, stallNanos);
                Workers one = new Workers(1, stalling, Ticker.SYSTEM)) {
            one.prepare();
            omission =
                    TheoryCheck.omission(
                            one,
                            stalling,
                            Ticker.SYSTEM,
                            rate,
                            stallNanos,
                            length,
                            ServeSettings.SEED);
        }
        omission.lines().lines().forEach(l -> System.out.println("  " + l));
        TheoryCheck.write(folder.path(), d, rows, omission)
                .forEach(p -> System.out.println("wrote " + p));
        long off = rows.stream().filter(r -> r.outcome() == TheoryCheck.Outcome.OFF).count();
        long inconclusive =
                rows.stream().filter(r -> r.outcome() == TheoryCheck.Outcome.INCONCLUSIVE).count();
        if (off > 0) {
            System.out.println(
                    "M/D/1 check failed: "
                            + off
                            + " of "
                            + rows.size()
                            + " utilisations beyond their tolerance");
            return Main.FAILED;
        }
        System.out.println(
                inconclusive == 0
                        ? "M/D/1 check passed at every utilisation"
                        : "M/D/1 check passed where the service stayed fixed; "
                                + inconclusive
                                + " of "
                                + rows.size()
                                + " inconclusive (the machine stretched the service by more than "
                                + Math.round(100 * TheoryCheck.STRETCH)
                                + "%)");
        return 0;
    }

    private double utilisation(String text) {
        try {
            double rho = Double.parseDouble(text.strip());
            if (rho > 0 && rho < 1) {
                return rho;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException(
                UTILISATIONS
                        + " '"
                        + text
                        + "' is not accepted; accepted: numbers between 0 and 1, e.g. "
                        + Arrays.toString(new double[] {0.3, 0.5}).replaceAll("[\\[\\] ]", ""));
    }
}
