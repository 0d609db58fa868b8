package org.effbench.serve;

import static org.effbench.base.Figures.threeDigits;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.effbench.base.PercentileRule;

/** What a serve run prints: one line per point as it finishes, then the capacity. */
public final class ServeReport {

    /** The latency percentiles printed and stored for every point. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private ServeReport() {}

    /** The settings in one line. */
    public static String settings(ServeSetup setup, ServeSettings s) {
        return String.format(
                Locale.ROOT,
                "serve %s; max batch %d, max delay %s; %s arrivals (seed %d); bound p99 <= %s;"
                        + " a point is valid with >= %s queries over >= %s s",
                setup.text(),
                s.policy().maxBatch(),
                Validity.ms(s.policy().maxDelayNanos()),
                s.arrival().label(),
                s.seed(),
                Validity.ms(s.boundNanos()),
                Validity.count(s.length().minQueries()),
                threeDigits(s.length().minNanos() / 1e9));
    }

    public static String offline(PointResult r) {
        return String.format(
                Locale.ROOT,
                "offline (everything at once): %s queries/s (%s served in %s s, mean batch %s)",
                threeDigits(r.achievedRate()),
                Validity.count(r.completed()),
                threeDigits(r.seconds()),
                threeDigits(r.meanBatch()));
    }

    public static String point(int index, Capacity.Point p) {
        PointResult r = p.result();
        return String.format(
                Locale.ROOT,
                "[%d] %s/s offered, %s/s achieved: p99 %s ms (n=%s): %s; %s",
                index,
                threeDigits(r.rate()),
                threeDigits(r.achievedRate()),
                threeDigits(PointResult.millis(r.latency(), 99)),
                Validity.count(r.completed()),
                p.judgement().meetsBound() ? "meets the bound" : "fails the bound",
                p.judgement().text());
    }

    /** The closing block: the capacity (or the single point) with its figures. */
    public static List<String> summary(Capacity.Outcome o) {
        List<String> lines = new ArrayList<>();
        ServeSettings s = o.settings();
        String bound = "p99 <= " + Validity.ms(s.boundNanos());
        double offline = o.offline().map(PointResult::achievedRate).orElse(Double.NaN);
        if (o.capacity().isEmpty()) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "capacity: none: no rate down to %s/s met %s (Offline %s/s)",
                            threeDigits(o.failing()),
                            bound,
                            threeDigits(offline)));
            return lines;
        }
        Capacity.Point c = o.capacity().get();
        PointResult r = c.result();
        if (o.offline().isPresent()) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "capacity: %s queries/s within %s (%s/s failed, search resolution %d%%);"
                                    + " Offline %s/s, the capacity is %d%% of it",
                            threeDigits(r.rate()),
                            bound,
                            threeDigits(o.failing()),
                            Math.round(100 * CapacitySearch.RESOLUTION),
                            threeDigits(offline),
                            Math.round(100 * r.rate() / offline)));
        } else {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "at %s queries/s: %s %s",
                            threeDigits(r.rate()),
                            c.judgement().meetsBound() ? "meets" : "fails",
                            bound));
        }
        lines.add(
                String.format(
                        Locale.ROOT,
                        "  %s/s offered, %s/s achieved over %s s: %s (n=%s%s)",
                        threeDigits(r.rate()),
                        threeDigits(r.achievedRate()),
                        threeDigits(r.seconds()),
                        percentiles(r.latency()),
                        Validity.count(r.completed()),
                        unsupported(r.completed())));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "  queue time mean %s ms, p99 %s ms; service time mean %s ms, p99 %s ms;"
                                + " mean batch formed %s (%s batches)",
                        threeDigits(PointResult.meanMillis(r.queue())),
                        threeDigits(PointResult.millis(r.queue(), 99)),
                        threeDigits(PointResult.meanMillis(r.service())),
                        threeDigits(PointResult.millis(r.service(), 99)),
                        threeDigits(r.meanBatch()),
                        Validity.count(r.batchCount())));
        lines.add("  " + c.judgement().text());
        return lines;
    }

    static String percentiles(Histogram h) {
        List<String> parts = new ArrayList<>();
        for (double p : PERCENTILES) {
            parts.add(PercentileRule.name(p) + " " + threeDigits(PointResult.millis(h, p)) + " ms");
        }
        return String.join(", ", parts);
    }

    private static String unsupported(long n) {
        List<String> parts = new ArrayList<>();
        for (double p : PERCENTILES) {
            if (!PercentileRule.supported(n, p)) {
                parts.add(
                        PercentileRule.name(p)
                                + " needs "
                                + Validity.count(PercentileRule.minSamples(p)));
            }
        }
        return parts.isEmpty() ? "" : "; " + String.join(", ", parts);
    }
}
