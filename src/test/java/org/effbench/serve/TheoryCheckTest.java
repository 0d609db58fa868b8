package org.effbench.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.effbench.serve.TheoryCheck.Md1Row;
import org.effbench.serve.TheoryCheck.Outcome;
import org.junit.jupiter.api.Test;

/** The M/D/1 formula and the check's verdict per utilisation. */
class TheoryCheckTest {

    /** rho / (2 mu (1 - rho)) with mu = 1/D: at rho 0.5 and D 1 ms, 0.5 ms; at 0.9, 4.5 ms. */
    @Test
    void md1ByHand() {
        assertThat(TheoryCheck.md1WaitNanos(0.5, 1_000_000)).isCloseTo(500_000, within(1e-6));
        assertThat(TheoryCheck.md1WaitNanos(0.9, 1_000_000)).isCloseTo(4_500_000, within(1e-6));
        assertThat(TheoryCheck.md1WaitNanos(0, 1_000_000)).isZero();
    }

    private static Md1Row row(double measured, double simulated, double service) {
        return new Md1Row(0.5, 500, 10_000, 1.0, service, measured, simulated, 0.5, 0.5);
    }

    @Test
    void theToleranceWidensByTheSamplesOwnDeviation() {
        assertThat(row(0.54, 0.5, 1.0).outcome()).isEqualTo(Outcome.WITHIN);
        assertThat(row(0.56, 0.5, 1.0).outcome()).isEqualTo(Outcome.OFF);
        // the same arrivals simulated exactly miss by 5%: 15% allowed
        assertThat(row(0.57, 0.525, 1.0).outcome()).isEqualTo(Outcome.WITHIN);
        assertThat(row(0.57, 0.525, 1.0).allowed()).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void aMissWithAStretchedServiceIsInconclusive() {
        assertThat(row(0.8, 0.5, 1.011).outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(row(0.8, 0.5, 1.009).outcome()).isEqualTo(Outcome.OFF);
        assertThat(row(0.5, 0.5, 1.05).outcome()).as("within counts").isEqualTo(Outcome.WITHIN);
    }
}
