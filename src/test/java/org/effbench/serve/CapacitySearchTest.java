package org.effbench.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.effbench.serve.CapacitySearch.Step;
import org.junit.jupiter.api.Test;

/** The bisection, probe by probe, and a whole capacity search on a simulated service. */
class CapacitySearchTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private final CapacitySearch search =
            new CapacitySearch(CapacitySearch.RESOLUTION, CapacitySearch.FLOOR);

    /**
     * A bound met up to 37.3/s, Offline 100/s: 50 fails, 25 meets, 37.5 fails, 31.25, 34.375 and
     * 35.9375 meet; then 37.5 - 35.9375 = 1.5625 is within 5% of 35.9375 (1.797).
     */
    @Test
    void bisectsBetweenTheHighestMetAndTheLowestFailed() {
        CapacitySearch.Outcome o = search.run(100, List.of(), rate -> rate <= 37.3);
        assertThat(o.probes())
                .containsExactly(
                        new Step(50, false),
                        new Step(25, true),
                        new Step(37.5, false),
                        new Step(31.25, true),
                        new Step(34.375, true),
                        new Step(35.9375, true));
        assertThat(o.capacity()).hasValue(35.9375);
        assertThat(o.failing()).isEqualTo(37.5);
    }

    @Test
    void knownPointsBoundTheSearchAndAreNotRunAgain() {
        CapacitySearch.Outcome o =
                search.run(
                        100,
                        List.of(new Step(30, true), new Step(40, false), new Step(60, false)),
                        rate -> rate <= 37.3);
        assertThat(o.probes().get(0).rate()).isEqualTo(35);
        assertThat(o.probes()).extracting(Step::rate).doesNotContain(30.0, 40.0, 50.0);
        assertThat(o.capacity().orElseThrow()).isBetween(37.3 / 1.05, 37.3);
    }

    /** Six halvings reach 100/64: no rate met the bound. */
    @Test
    void aBoundNoRateMeetsEndsAtTheFloor() {
        CapacitySearch.Outcome o = search.run(100, List.of(), rate -> false);
        assertThat(o.probes()).hasSize(6);
        assertThat(o.capacity()).isEmpty();
    }

    /**
     * D/D/1 with a 10 ms service (100/s): Offline measures 100/s, and every rate below it serves
     * each request in 10 ms, within a 50 ms bound, so the search climbs to within 5% below 100/s
     * (50, 75, 87.5, 93.75, 96.875) and every point is valid (1,000 queries over >= 10 s).
     */
    @Test
    void aWholeSearchOnASimulatedServiceFindsItsCapacity() {
        ServeSettings settings =
                new ServeSettings(
                        BatchPolicy.NONE,
                        Arrival.CONSTANT,
                        new RunLength(1000, 10 * S, 1_000_000, 600 * S),
                        50 * MS,
                        ServeSettings.SEED,
                        OptionalDouble.empty(),
                        10 * S);
        Capacity.Outcome o =
                Capacity.run(new Simulation(1, Simulation.fixed(10 * MS)), settings, quiet());
        assertThat(o.offline().orElseThrow().achievedRate()).isEqualTo(100.0);
        assertThat(o.points())
                .extracting(p -> p.result().rate())
                .containsExactly(50.0, 75.0, 87.5, 93.75, 96.875);
        Capacity.Point c = o.capacity().orElseThrow();
        assertThat(c.result().rate()).isEqualTo(96.875);
        assertThat(c.judgement().valid()).as(c.judgement().text()).isTrue();
        assertThat(o.failing()).isEqualTo(100.0);
    }

    /**
     * Poisson arrivals at the same service: queueing shows, so the capacity within 50 ms is lower:
     * M/D/1's mean latency alone (wait + 10 ms) reaches 50 ms at rho = 0.889, the p99 earlier; at
     * rho 0.25 the wait is rarely more than a few services.
     */
    @Test
    void poissonArrivalsLowerTheCapacity() {
        ServeSettings settings =
                new ServeSettings(
                        BatchPolicy.NONE,
                        Arrival.POISSON,
                        new RunLength(1000, 10 * S, 1_000_000, 600 * S),
                        50 * MS,
                        ServeSettings.SEED,
                        OptionalDouble.empty(),
                        10 * S);
        Capacity.Outcome o =
                Capacity.run(new Simulation(1, Simulation.fixed(10 * MS)), settings, quiet());
        assertThat(o.capacity().orElseThrow().result().rate()).isLessThan(88.9);
        assertThat(o.capacity().orElseThrow().result().rate()).isGreaterThan(25);
    }

    @Test
    void aSingleRateRunsOnePointAndNoOffline() {
        ServeSettings settings =
                new ServeSettings(
                        BatchPolicy.NONE,
                        Arrival.POISSON,
                        new RunLength(100, S, 1_000_000, 600 * S),
                        50 * MS,
                        ServeSettings.SEED,
                        OptionalDouble.of(20),
                        10 * S);
        Capacity.Outcome o =
                Capacity.run(new Simulation(1, Simulation.fixed(10 * MS)), settings, quiet());
        assertThat(o.offline()).isEmpty();
        assertThat(o.points()).hasSize(1);
        Validity.Judgement j = o.capacity().orElseThrow().judgement();
        assertThat(j.meetsBound()).isTrue();
        assertThat(j.valid()).isFalse();
        assertThat(j.reasons()).anyMatch(r -> r.startsWith("p99 needs 1,000 queries"));
    }

    private static Capacity.Listener quiet() {
        return new Capacity.Listener() {
            @Override
            public void offline(PointResult offline) {}

            @Override
            public void point(int index, Capacity.Point point) {}
        };
    }
}
