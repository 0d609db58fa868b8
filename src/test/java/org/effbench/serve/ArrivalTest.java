package org.effbench.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The schedules: their rate, their length rules, their seeds. */
class ArrivalTest {

    private static final long S = 1_000_000_000L;

    @Test
    void constantArrivalsAreOneEveryPeriod() {
        Schedule s = Arrival.CONSTANT.schedule(4, new RunLength(3, 2 * S, 100, 100 * S), 1);
        // 4/s for at least 2 s: 0, 0.25, ..., 2.0 (the last, at 2 s, meets the minimum: the point
        // then lasts at least 2 s, its last arrival's completion)
        assertThat(s.size()).isEqualTo(9);
        assertThat(s.at(0)).isZero();
        assertThat(s.at(1)).isEqualTo(250_000_000L);
        assertThat(s.at(8)).isEqualTo(2 * S);
    }

    @Test
    void bothMinimumsAreMetAndNeitherMaximumPassed() {
        assertThat(Arrival.CONSTANT.schedule(4, new RunLength(20, S, 100, 100 * S), 1).size())
                .as("the query minimum is the longer")
                .isEqualTo(20);
        assertThat(Arrival.CONSTANT.schedule(4, new RunLength(20, S, 10, 100 * S), 1).size())
                .as("capped by queries")
                .isEqualTo(10);
        assertThat(Arrival.CONSTANT.schedule(4, new RunLength(20, S, 100, S), 1).size())
                .as("capped by time: arrivals before 1 s")
                .isEqualTo(4);
    }

    /**
     * A Poisson process at rate r: gaps with mean 1/r and coefficient of variation 1 (exponential),
     * checked on 200,000 draws (standard error of the mean gap 0.22%).
     */
    @Test
    void poissonGapsAreExponentialAtTheRate() {
        Schedule s = Arrival.POISSON.schedule(500, new RunLength(200_000, 0, 200_000, 1000 * S), 7);
        int n = s.size() - 1;
        double sum = 0;
        double sq = 0;
        for (int i = 1; i <= n; i++) {
            double g = (s.at(i) - s.at(i - 1)) / 1e9;
            sum += g;
            sq += g * g;
        }
        double mean = sum / n;
        double cv = Math.sqrt(sq / n - mean * mean) / mean;
        assertThat(mean).isCloseTo(1.0 / 500, within(0.01 / 500));
        assertThat(cv).isCloseTo(1.0, within(0.02));
    }

    @Test
    void theSameSeedScalesTheSameDrawsByTheRate() {
        RunLength len = new RunLength(1000, 0, 1000, 1000 * S);
        Schedule slow = Arrival.POISSON.schedule(10, len, 3);
        Schedule fast = Arrival.POISSON.schedule(20, len, 3);
        assertThat(fast.at(500)).isCloseTo(slow.at(500) / 2, within(1L));
        assertThat(Arrival.POISSON.schedule(10, len, 4).at(500)).isNotEqualTo(slow.at(500));
    }

    @Test
    void namesAsTypedAndOneLineOtherwise() {
        assertThat(Arrival.parse("--arrival", "Poisson")).isEqualTo(Arrival.POISSON);
        assertThatThrownBy(() -> Arrival.parse("--arrival", "bursty"))
                .hasMessage("--arrival 'bursty' is not accepted; accepted: poisson or constant");
        assertThatThrownBy(() -> Arrival.CONSTANT.schedule(0, new RunLength(1, 0, 1, S), 1))
                .hasMessageContaining("rate 0.0 is not a positive number");
    }
}
