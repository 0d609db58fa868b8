package org.effbench.report.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.effbench.report.plot.RoundLogAxis.Tick;
import org.junit.jupiter.api.Test;

/** Ticks at values a reader takes in at a glance, labelled as plain numbers. */
class RoundLogAxisTest {

    private static List<String> labels(double lo, double hi, boolean powersOfTwo) {
        return RoundLogAxis.ticks(lo, hi, powersOfTwo).stream().map(Tick::label).toList();
    }

    /** The standard run's latency axis (15.8 to 3,981 ms) read 15.849, 25.119 ... 3,981.072. */
    @Test
    void aFewDecadesGetOneTwoFivePerDecade() {
        assertThat(labels(15.8, 3981, false))
                .containsExactly("20", "50", "100", "200", "500", "1,000", "2,000");
        assertThat(labels(0.04, 0.9, false)).containsExactly("0.05", "0.1", "0.2", "0.5");
    }

    @Test
    void manyDecadesGetPowersOfTen() {
        assertThat(labels(0.001, 1e6, false))
                .containsExactly(
                        "0.001",
                        "0.01",
                        "0.1",
                        "1",
                        "10",
                        "100",
                        "1,000",
                        "10,000",
                        "100,000",
                        "1,000,000");
    }

    /** Less than a decade (the tuning run's 12.9 to 21.4 samples/s): even round steps. */
    @Test
    void lessThanADecadeGetsEvenRoundSteps() {
        assertThat(labels(12.88, 21.38, false)).containsExactly("14", "16", "18", "20");
        assertThat(labels(0.102, 0.408, false))
                .containsExactly("0.15", "0.2", "0.25", "0.3", "0.35", "0.4");
    }

    @Test
    void batchSizesArePowersOfTwo() {
        assertThat(labels(0.8, 40, true)).containsExactly("1", "2", "4", "8", "16", "32");
        assertThat(labels(0.2, 3, true)).containsExactly("0.25", "0.5", "1", "2");
        // 1 to 2^20: every other power, at most MAX_TICKS
        assertThat(labels(1, 1 << 20, true)).hasSizeLessThanOrEqualTo(RoundLogAxis.MAX_TICKS);
    }

    /**
     * A single value (one batch size, one configuration) gets a factor of two each side: its axis
     * read 0.204 in 24 ticks.
     */
    @Test
    void aSingleValueGetsARangeWithRoundTicks() {
        RoundLogAxis axis = new RoundLogAxis("ms", false);
        axis.fit(0.204, 0.204);
        assertThat(axis.getLowerBound()).isEqualTo(0.102);
        assertThat(axis.getUpperBound()).isEqualTo(0.408);
        assertThat(axis.ticks().stream().map(Tick::label))
                .containsExactly("0.15", "0.2", "0.25", "0.3", "0.35", "0.4");
        assertThatThrownBy(() -> axis.fit(0, 1))
                .hasMessage("axis range 0.0 to 1.0 is not positive");
    }

    /**
     * For any range: three to twelve ticks inside it, distinct, each label the tick's value, and
     * round: a power of two, 1, 2 or 5 x 10^k, or a whole multiple of such a step, evenly spaced.
     */
    @Test
    void everyRangeGetsAFewRoundTicks() {
        Random random = new Random(13);
        for (int n = 0; n < 2_000; n++) {
            double lo = Math.pow(10, random.nextDouble() * 12 - 6);
            double hi = lo * Math.pow(10, 0.05 + random.nextDouble() * 8);
            boolean two = random.nextBoolean();
            List<Tick> ticks = RoundLogAxis.ticks(lo, hi, two);
            String range = lo + " to " + hi + (two ? " base 2" : "");
            assertThat(ticks).as(range).hasSizeBetween(3, RoundLogAxis.MAX_TICKS);
            assertThat(ticks.stream().map(Tick::label)).as(range).doesNotHaveDuplicates();
            for (Tick t : ticks) {
                assertThat(t.value()).as(range).isBetween(lo * (1 - 1e-9), hi * (1 + 1e-9));
                BigDecimal v = new BigDecimal(t.label().replace(",", ""));
                assertThat(v.doubleValue()).as(range).isEqualTo(t.value());
            }
            boolean ladder = ticks.stream().allMatch(t -> oneTwoFive(t) || powerOfTwo(t));
            if (!ladder) {
                BigDecimal step =
                        new BigDecimal(ticks.get(1).label().replace(",", ""))
                                .subtract(new BigDecimal(ticks.get(0).label().replace(",", "")));
                assertThat(oneTwoFive(step)).as(range + ": step " + step).isTrue();
                for (Tick t : ticks) {
                    BigDecimal v = new BigDecimal(t.label().replace(",", ""));
                    assertThat(v.remainder(step).signum()).as(range + ": " + v).isZero();
                }
            }
        }
    }

    private static boolean oneTwoFive(Tick t) {
        return oneTwoFive(new BigDecimal(t.label().replace(",", "")));
    }

    private static boolean oneTwoFive(BigDecimal v) {
        BigDecimal m = v.stripTrailingZeros();
        return m.unscaledValue().intValue() == 1
                || m.unscaledValue().intValue() == 2
                || m.unscaledValue().intValue() == 5;
    }

    private static boolean powerOfTwo(Tick t) {
        double k = Math.log(t.value()) / Math.log(2);
        return Math.abs(k - Math.rint(k)) < 1e-9;
    }
}
