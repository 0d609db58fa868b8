package org.effbench.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.effbench.serve.StopRule.Stop;
import org.junit.jupiter.api.Test;

/**
 * The queue, the batcher and the stop rules on a simulated clock, against outcomes worked out by
 * hand (deterministic arrivals and service) and against queueing theory.
 */
class SimulationTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static PointPlan constant(double rate, int n, BatchPolicy policy, StopRule stop) {
        return PointPlan.open(
                rate, Arrival.CONSTANT, new RunLength(n, 0, n, 1000 * S), 1, policy, stop);
    }

    private static StopRule bound(long nanos) {
        return new StopRule(nanos, 99, StopRule.SATURATION_FACTOR, false);
    }

    /** D/D/1 below capacity: nothing ever waits, every latency is the service time. */
    @Test
    void belowCapacityWithRegularArrivalsNothingWaits() {
        PointResult r =
                new Simulation(1, Simulation.fixed(MS))
                        .run(constant(500, 1000, BatchPolicy.NONE, bound(100 * MS)));
        assertThat(r.completed()).isEqualTo(1000);
        assertThat(r.stop()).isEqualTo(Stop.NONE);
        assertThat(r.latency().getMinValue()).isEqualTo(r.latency().lowestEquivalentValue(MS));
        assertThat(r.latency().getMaxValue()).isEqualTo(r.latency().highestEquivalentValue(MS));
        assertThat(r.queue().getMaxValue()).isZero();
        // last arrival at 999 x 2 ms, served by 1,999 ms
        assertThat(r.durationNanos()).isEqualTo(1_999 * MS);
        assertThat(r.meanBatch()).isEqualTo(1.0);
    }

    /** Two workers take turns from one queue: arrivals every 1 ms, service 1.5 ms, no waiting. */
    @Test
    void workersShareOneQueue() {
        PointResult r =
                new Simulation(2, Simulation.fixed(3 * MS / 2))
                        .run(constant(1000, 100, BatchPolicy.NONE, bound(100 * MS)));
        assertThat(r.completed()).isEqualTo(100);
        assertThat(r.queue().getMaxValue()).isZero();
        assertThat(r.latency().getMaxValue())
                .isEqualTo(r.latency().highestEquivalentValue(3 * MS / 2));
        PointResult one =
                new Simulation(1, Simulation.fixed(3 * MS / 2))
                        .run(constant(1000, 100, BatchPolicy.NONE, bound(100 * MS)));
        // alone, the 100th request starts at 99 x 1.5 ms = 148.5 ms, arrived at 99 ms
        assertThat(one.queue().getMaxValue())
                .isEqualTo(one.queue().highestEquivalentValue(99 * MS / 2));
    }

    /**
     * Arrivals every 1 ms, batches of up to 4 waiting at most 2.5 ms, service 0.5 ms: the oldest's
     * deadline comes with 3 waiting (arrived at 0, 1, 2 ms; taken at 2.5 ms, done at 3 ms), so
     * every batch has 3, their latencies 3, 2 and 1 ms and queue times 2.5, 1.5 and 0.5 ms.
     */
    @Test
    void theBatcherWaitsForTheOldestsDeadline() {
        PointResult r =
                new Simulation(1, Simulation.fixed(MS / 2))
                        .run(constant(1000, 12, new BatchPolicy(4, 5 * MS / 2), bound(S)));
        assertThat(r.batches()).containsExactly(0, 0, 0, 4, 0);
        assertThat(r.meanBatch()).isEqualTo(3.0);
        assertThat(r.latency().getMean()).isCloseTo(2.0 * MS, within(0.002 * MS));
        assertThat(r.latency().getMinValue()).isEqualTo(r.latency().lowestEquivalentValue(MS));
        assertThat(r.queue().getMean()).isCloseTo(1.5 * MS, within(0.002 * MS));
        assertThat(r.service().getMean()).isCloseTo(0.5 * MS, within(0.001 * MS));
    }

    /**
     * The same arrivals with batches of at most 2: the second arrival fills a batch at 1 ms (done
     * at 1.5 ms); then the next pair fills at 3 ms. Latencies 1.5 and 0.5 ms per pair.
     */
    @Test
    void aFullBatchDoesNotWaitForTheDeadline() {
        PointResult r =
                new Simulation(1, Simulation.fixed(MS / 2))
                        .run(constant(1000, 12, new BatchPolicy(2, 5 * MS / 2), bound(S)));
        assertThat(r.batches()).containsExactly(0, 0, 6);
        assertThat(r.latency().getMean()).isCloseTo(1.0 * MS, within(0.002 * MS));
        assertThat(r.latency().getMaxValue())
                .isEqualTo(r.latency().highestEquivalentValue(3 * MS / 2));
    }

    /**
     * Offered 200/s to a 100/s service: the queue grows by 100/s, request i (arrived at 5i ms)
     * starts at 10i ms, so the oldest waiting passes 10 x 100 ms near i = 200; the point stops
     * there, saturated, with the rest unserved.
     */
    @Test
    void aQueueThatGrowsWithoutBoundStopsThePointSaturated() {
        PointResult r =
                new Simulation(1, Simulation.fixed(10 * MS))
                        .run(constant(200, 2000, BatchPolicy.NONE, bound(100 * MS)));
        assertThat(r.stop()).isEqualTo(Stop.SATURATED);
        assertThat(r.completed()).isBetween(195L, 205L);
        assertThat(r.unserved()).isEqualTo(2000 - r.completed());
        Validity.Judgement j =
                new Validity(new RunLength(100, 0, 2000, 100 * S), 100 * MS, 99).judge(r);
        assertThat(j.meetsBound()).isFalse();
        assertThat(j.valid()).isFalse();
        assertThat(j.reasons().get(0)).startsWith("saturated after ");
    }

    /**
     * Every request takes 10 ms against a 5 ms bound: once 1% of the 1,000 planned (10) are over
     * it, the p99 cannot meet it and a searching point stops; a single point runs to the end.
     */
    @Test
    void aSearchingPointStopsOnceItsOutcomeIsDecided() {
        StopRule deciding = new StopRule(5 * MS, 99, StopRule.SATURATION_FACTOR, true);
        PointResult r =
                new Simulation(1, Simulation.fixed(10 * MS))
                        .run(constant(50, 1000, BatchPolicy.NONE, deciding));
        assertThat(r.stop()).isEqualTo(Stop.DECIDED);
        assertThat(r.completed()).isEqualTo(11);
        PointResult whole =
                new Simulation(1, Simulation.fixed(10 * MS))
                        .run(constant(50, 1000, BatchPolicy.NONE, bound(5 * MS)));
        assertThat(whole.stop()).isEqualTo(Stop.NONE);
        assertThat(whole.completed()).isEqualTo(1000);
    }

    /**
     * Offline: everything there at 0, batches of 4 taking 10 ms for 1 s: 100 batches, 400 requests,
     * 400/s.
     */
    @Test
    void offlineTakesFullBatchesUntilTimeIsUp() {
        PointResult r =
                new Simulation(1, Simulation.fixed(10 * MS))
                        .run(PointPlan.offline(new BatchPolicy(4, 0), S));
        assertThat(r.stop()).isEqualTo(Stop.TIME);
        assertThat(r.completed()).isEqualTo(400);
        assertThat(r.achievedRate()).isCloseTo(400, within(1e-9));
        assertThat(r.meanBatch()).isEqualTo(4.0);
    }

    /**
     * M/D/1 (Poisson arrivals, one server, fixed service D): the mean wait before service is W_q =
     * rho D / (2 (1 - rho)) (Pollaczek-Khinchine with zero service variance; e.g. Kleinrock,
     * Queueing Systems vol. 1, 1975, eq. 5.73). 400,000 arrivals per utilisation; the tolerance is
     * about 3.5 standard deviations of the sample mean at that length (0.55% at rho 0.5, 1.3% at
     * 0.8, over 20 seeds).
     */
    @Test
    void poissonArrivalsAtOneFixedServerWaitAsMd1Predicts() {
        long d = MS;
        for (double[] rhoTol : new double[][] {{0.5, 0.02}, {0.8, 0.05}}) {
            double rho = rhoTol[0];
            PointResult r =
                    new Simulation(1, Simulation.fixed(d))
                            .run(
                                    PointPlan.open(
                                            rho * 1e9 / d,
                                            Arrival.POISSON,
                                            new RunLength(400_000, 0, 400_000, 100_000 * S),
                                            11,
                                            BatchPolicy.NONE,
                                            bound(S)));
            double theory = TheoryCheck.md1WaitNanos(rho, d);
            assertThat(r.queue().getMean())
                    .as("rho %s", rho)
                    .isCloseTo(theory, within(rhoTol[1] * theory));
        }
    }

    /**
     * With a fixed service, Pollaczek-Khinchine's M/G/1 wait from the measured service times is
     * M/D/1's (zero variance): the two formulas agree on what the simulation delivers.
     */
    @Test
    void pollaczekKhinchineWithAFixedServiceIsMd1() {
        PointResult r =
                new Simulation(1, Simulation.fixed(MS))
                        .run(
                                PointPlan.open(
                                        700,
                                        Arrival.POISSON,
                                        new RunLength(10_000, 0, 10_000, 1000 * S),
                                        3,
                                        BatchPolicy.NONE,
                                        bound(S)));
        assertThat(TheoryCheck.mg1WaitNanos(700, r.service()))
                .isCloseTo(TheoryCheck.md1WaitNanos(0.7, MS), within(0.002 * MS));
    }
}
