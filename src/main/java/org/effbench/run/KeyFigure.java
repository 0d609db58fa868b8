package org.effbench.run;

import static org.effbench.base.Figures.threeDigits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.effbench.jmh.TimeUnits;
import org.effbench.serve.ServeFiles;
import org.effbench.sweep.Job;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * The figure a sweep's console line gives for a configuration as it finishes: p50 and p99 with the
 * sample count (latency), samples/s with JMH's error (throughput), GFLOP/s and GB/s (ceilings), the
 * capacity within its bound (serve).
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

    /**
     * A serve job's figure, read back from its JSON: {@code capacity 14.2/s within p99 300 ms
     * (valid); Offline 16.0/s}.
     *
     * @throws IOException when the JSON does not read back
     */
    static String serve(Path json) throws IOException {
        ServeFiles.Summary s = ServeFiles.summary(json);
        String offline =
                s.offline().isPresent()
                        ? "; Offline " + threeDigits(s.offline().getAsDouble()) + "/s"
                        : "";
        if (s.capacity().isEmpty()) {
            return "no capacity: no rate"
                    + (s.failing().isPresent()
                            ? " down to " + threeDigits(s.failing().getAsDouble()) + "/s"
                            : "")
                    + " met p99 "
                    + threeDigits(s.boundMs())
                    + " ms"
                    + offline;
        }
        return "capacity "
                + threeDigits(s.capacity().getAsDouble())
                + "/s within p99 "
                + threeDigits(s.boundMs())
                + " ms ("
                + (s.valid() ? "valid" : "invalid")
                + ")"
                + offline;
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
