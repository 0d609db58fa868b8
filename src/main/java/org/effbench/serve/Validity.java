package org.effbench.serve;

import static org.effbench.base.Figures.threeDigits;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.effbench.base.PercentileRule;
import org.effbench.serve.StopRule.Stop;

/**
 * MLPerf LoadGen's rules for a Server run, with this suite's minimums: a point is valid when it
 * served at least its minimum queries over at least its minimum duration (first arrival to last
 * completion), its percentile is supported by that count ({@link PercentileRule}: 10 samples beyond
 * it) and lies within the bound, and it did not stop early. A point within the bound but short of a
 * minimum is reported as meeting the bound and invalid, with the reasons.
 */
public record Validity(RunLength length, long boundNanos, double percentile) {

    /** A point judged: whether it meets the bound, whether it is valid, and why not. */
    public record Judgement(boolean meetsBound, boolean valid, List<String> reasons) {
        public String text() {
            return valid ? "valid" : "invalid: " + String.join("; ", reasons);
        }
    }

    public Judgement judge(PointResult r) {
        List<String> reasons = new ArrayList<>();
        String p = PercentileRule.name(percentile);
        double value = PointResult.millis(r.latency(), percentile);
        boolean within = r.completed() > 0 && value * 1e6 <= boundNanos;
        boolean meets = within && r.stop() == Stop.NONE;
        if (r.stop() != Stop.NONE) {
            reasons.add(r.stop().text() + " after " + count(r.completed()) + " queries");
        } else if (!within) {
            reasons.add(p + " " + threeDigits(value) + " ms over the bound " + ms(boundNanos));
        }
        if (r.completed() < length.minQueries()) {
            reasons.add(count(r.completed()) + " queries < " + count(length.minQueries()));
        }
        if (r.durationNanos() < length.minNanos()) {
            reasons.add(
                    threeDigits(r.seconds())
                            + " s < "
                            + threeDigits(length.minNanos() / 1e9)
                            + " s");
        }
        if (!PercentileRule.supported(r.completed(), percentile)) {
            reasons.add(
                    p
                            + " needs "
                            + count(PercentileRule.minSamples(percentile))
                            + " queries ("
                            + PercentileRule.K
                            + " beyond it)");
        }
        return new Judgement(meets, meets && reasons.isEmpty(), List.copyOf(reasons));
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String ms(long nanos) {
        return threeDigits(nanos / 1e6) + " ms";
    }
}
