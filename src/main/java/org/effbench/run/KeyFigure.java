package org.effbench.run;

import static org.effbench.base.Figures.threeDigits;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.effbench.jmh.TimeUnits;
import org.effbench.sweep.Job;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * The figure a sweep's console line gives for a configuration as it finishes: p50 and p99 with the
 * sample count (latency), samples/s with JMH's error (throughput), GFLOP/s and GB/s (ceilings).
 */
final class KeyFigure {

    private KeyFigure() {}

    static String of(Job job, Collection<RunResult> results) {
        List<String> parts = new ArrayList<>();
        for (RunResult run : results) {
            Result<?> primary = run.getPrimaryResult();
            if (job instanceof Job.Model m) {
                parts.add(model(primary, m.config().batchSize()));
            } else {
                run.getSecondaryResults()
                        .forEach(
                                (name, r) -> {
                                    double rate =
                                            TimeUnits.opsPerSecond(r.getScore(), r.getScoreUnit());
                                    if (name.equals("gflop")) {
                                        parts.add(threeDigits(rate) + " GFLOP/s");
                                    } else if (name.equals("gbyte")) {
                                        parts.add(threeDigits(rate) + " GB/s");
                                    }
                                });
            }
        }
        return String.join(", ", parts);
    }

    private static String model(Result<?> primary, int batch) {
        String unit = primary.getScoreUnit();
        double perOpMs = TimeUnits.millisPerOp(1, unit);
        if (!Double.isNaN(perOpMs)) {
            Statistics s = primary.getStatistics();
            return String.format(
                    Locale.ROOT,
                    "p50 %s ms, p99 %s ms (n=%,d)",
                    threeDigits(s.getPercentile(50) * perOpMs),
                    threeDigits(s.getPercentile(99) * perOpMs),
                    s.getN());
        }
        double perSecond = TimeUnits.opsPerSecond(primary.getScore(), unit);
        if (Double.isNaN(perSecond)) {
            return "";
        }
        double error = TimeUnits.opsPerSecond(primary.getScoreError(), unit);
        return threeDigits(perSecond * batch)
                + (Double.isNaN(error) ? "" : " ± " + threeDigits(error * batch))
                + " samples/s";
    }
}
