package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The serving verdict on hand-made serve files whose capacities, validity and busy times are
 * chosen, so the ranking, the ratios and the batching reading are worked out by hand.
 */
class ServeVerdictTest {

    static final ServeFile.Layout BATCHED_8 = new ServeFile.Layout(2, 1, 8, 20, "poisson", 99, 300);
    static final ServeFile.Layout BATCHED_4 = new ServeFile.Layout(1, 2, 4, 5, "poisson", 99, 300);
    static final ServeFile.Layout UNBATCHED = new ServeFile.Layout(1, 2, 1, 0, "poisson", 99, 300);
    static final ServeFile.Layout UNBATCHED_2X1 =
            new ServeFile.Layout(2, 1, 1, 0, "poisson", 99, 300);

    /**
     * A point of 1,000 requests served in batches of {@code batch}, each batch taking {@code batch
     * x msPerSample} ms: the workers' busy time per request is {@code msPerSample}.
     */
    static ServeFile.Point point(
            double rate, double p99, boolean valid, int batch, double msPerSample) {
        return point(rate, rate, p99, valid, batch, msPerSample);
    }

    static ServeFile.Point point(
            double rate,
            double achieved,
            double p99,
            boolean valid,
            int batch,
            double msPerSample) {
        Histogram service = new Histogram(3);
        service.recordValueWithCount(Math.round(batch * msPerSample * 1e6), 1000);
        return new ServeFile.Point(
                rate,
                achieved,
                1000,
                1000,
                1000 / achieved,
                "none",
                new ServeFile.Distribution(
                        1000, p99 / 2, Map.of(50.0, p99 / 2, 99.0, p99), p99, Optional.empty()),
                ServeFile.Distribution.of(new Histogram(3)),
                ServeFile.Distribution.of(service),
                batch,
                Map.of(batch, 1000L / batch),
                p99 <= 300,
                valid,
                valid ? List.of() : List.of("812 queries < 1,000"));
    }

    /**
     * A searched layout: the Offline run, a probe at half the capacity, the capacity, and a failing
     * probe above it.
     */
    static ServeFile file(
            ServeFile.Layout layout,
            double offline,
            double capacity,
            boolean valid,
            int batch,
            double msPerSample) {
        List<ServeFile.Point> points = new ArrayList<>();
        points.add(point(capacity / 2, 50, true, batch == 1 ? 1 : 2, msPerSample * 1.2));
        points.add(point(capacity, 250, valid, batch, msPerSample));
        points.add(point(capacity * 1.04, 900, false, batch, msPerSample));
        return new ServeFile(
                "serve-" + layout.text() + ".json",
                "resnet50",
                "",
                "",
                "",
                layout,
                Map.of(),
                1000,
                10,
                Optional.of(point(Double.NaN, offline, 0, false, batch, msPerSample)),
                points,
                OptionalInt.of(1),
                capacity * 1.04,
                List.of());
    }

    static List<DerivedRow> rows(ServeFile... files) {
        List<DerivedRow> rows = new ArrayList<>();
        for (ServeFile f : files) {
            rows.addAll(ServeFixtures.rows().derive(f));
        }
        return rows;
    }

    static ServeVerdict.Serving serving(List<DerivedRow> rows) {
        Verdict.ModelVerdict m = Verdict.of(rows, Optional.empty()).models().get(0);
        assertThat(m.serving()).hasSize(1);
        return m.serving().get(0);
    }

    @Test
    void theBestValidLayoutAgainstTheRunnerUpAndTheBestUnbatched() {
        ServeVerdict.Serving s =
                serving(
                        rows(
                                file(UNBATCHED, 14.5, 13.9, true, 1, 3.4),
                                file(BATCHED_8, 21, 18.1, true, 8, 2),
                                file(BATCHED_4, 19, 17.5, true, 4, 2.5)));

        assertThat(s.bound()).isEqualTo("p99 <= 300 ms");
        assertThat(s.layouts())
                .extracting(ServeVerdict.Layout::capacity)
                .containsExactly(18.1, 17.5, 13.9);
        // 18.1 / 17.5 = 1.034: within the search's 5%; 18.1 / 13.9 = 1.302
        assertThat(s.line())
                .isEqualTo(
                        "p99 <= 300 ms: 2 workers x 1 thread, batches <= 8 after 20.0 ms: 18.1/s"
                                + " (valid); 1.03x the runner-up 1 worker x 2 threads, batches <= 4"
                                + " after 5.00 ms (17.5/s, valid), within the search's 5%"
                                + " resolution; 1.30x the best unbatched layout 1 worker x 2"
                                + " threads, no batching (13.9/s, valid); Offline 21.0/s");
        ServeVerdict.Layout best = s.layouts().get(0);
        assertThat(best.meanBatch()).isEqualTo(8);
        // HdrHistogram's 3 significant digits
        assertThat(best.servicePerSample()).isCloseTo(2, within(2e-3));
        assertThat(best.offline()).isEqualTo(21);
    }

    /**
     * A layout that is 25/s but invalid is named, never chosen; the valid 13.9/s wins. A capacity
     * within 5% of the runner-up is within the search's resolution, beyond it otherwise.
     */
    @Test
    void anInvalidCapacityIsNamedButNotChosen() {
        ServeVerdict.Serving s =
                serving(
                        rows(
                                file(BATCHED_8, 30, 25, false, 8, 2),
                                file(UNBATCHED, 14.5, 13.9, true, 1, 3.4),
                                file(UNBATCHED_2X1, 12, 10, true, 1, 3.6)));

        assertThat(s.layouts().get(0).label()).isEqualTo("1 worker x 2 threads, no batching");
        assertThat(s.layouts().get(2).valid()).isFalse();
        assertThat(s.layouts().get(2).why()).isEqualTo("812 queries < 1,000");
        assertThat(s.line())
                .startsWith("p99 <= 300 ms: 1 worker x 2 threads, no batching: 13.9/s (valid);")
                .contains(
                        "1.39x the runner-up 2 workers x 1 thread, no batching (10.0/s, valid),"
                                + " beyond the search's 5% resolution")
                .contains(
                        "; higher but not valid: 2 workers x 1 thread, batches <= 8 after 20.0 ms"
                                + " (25.0/s, invalid: 812 queries < 1,000)");
    }

    @Test
    void noValidCapacityAndNoCapacityAtAllSayWhy() {
        assertThat(serving(rows(file(BATCHED_8, 30, 25, false, 8, 2))).line())
                .isEqualTo(
                        "p99 <= 300 ms: no valid capacity; the highest found: 2 workers x 1 thread,"
                                + " batches <= 8 after 20.0 ms: 25.0/s (invalid: 812 queries <"
                                + " 1,000); Offline 30.0/s");

        ServeFile f = file(UNBATCHED, 14.5, 13.9, true, 1, 3.4);
        ServeFile none =
                new ServeFile(
                        f.name(),
                        f.model(),
                        "",
                        "",
                        "",
                        f.layout(),
                        Map.of(),
                        1000,
                        10,
                        f.offline(),
                        List.of(point(7.25, 480, false, 1, 3.4), point(3.6, 320, false, 1, 3.4)),
                        OptionalInt.empty(),
                        3.6,
                        List.of());
        List<DerivedRow> rows = rows(none);
        assertThat(rows).allMatch(r -> r.get(Column.CAPACITY_PER_S).isEmpty());
        assertThat(rows.get(0).warnings())
                .contains("no capacity: no rate down to 3.60/s met p99 <= 300 ms");
        assertThat(serving(rows).line())
                .isEqualTo(
                        "p99 <= 300 ms: no capacity: 1 worker x 2 threads, no batching: no rate met"
                                + " the bound: the lowest tried, 3.60/s, had p99 320 ms; Offline"
                                + " 14.5/s");
    }

    /**
     * Busy time per request at the capacity: 2 ms at mean batch 8 against 3.4 ms at batch 1 for the
     * same 2 workers x 1 thread unbatched: 1.7x the requests per worker-second.
     */
    @Test
    void batchingIsReadAgainstBatchOneOfTheSameWorkersAndThreads() {
        ServeVerdict.Serving s =
                serving(
                        rows(
                                file(BATCHED_8, 21, 18.1, true, 8, 2),
                                file(UNBATCHED_2X1, 12, 10, true, 1, 3.4)));
        assertThat(s.layouts().get(0).batchEfficiency())
                .isEqualTo(
                        "2.00 ms per sample at mean batch 8.00 vs 3.40 ms at batch 1 (2 workers x 1"
                                + " thread, no batching at 10.0/s): 1.70x the samples per"
                                + " worker-second");
        // the unbatched layout is its own reference
        assertThat(s.layouts().get(1).batchEfficiency())
                .isEqualTo("3.40 ms per sample at mean batch 1.00");
        // no batch-1 figure of the same workers and threads anywhere
        assertThat(
                        serving(rows(file(BATCHED_4, 19, 17.5, true, 4, 2.5)))
                                .layouts()
                                .get(0)
                                .batchEfficiency())
                .isEqualTo(
                        "2.50 ms per sample at mean batch 4.00; no batch-1 figure of the same"
                                + " workers and threads");
    }

    /** Without a serve row at batch 1, the JMH SampleTime row at batch 1 with as many callers. */
    @Test
    void aJmhRowAtBatchOneIsTheReferenceWhereNoServeRowIs() {
        List<DerivedRow> rows = rows(file(BATCHED_4, 19, 17.5, true, 4, 2.5));
        DerivedRow jmh = VerdictTest.latencyRow("resnet50", 1, 2, 8.0, 0.1);
        rows.add(0, jmh);
        Verdict.ModelVerdict m = Verdict.of(rows, Optional.empty()).models().get(0);
        // the JMH row's mean latency: p99 8.0 / 2
        assertThat(m.serving().get(0).layouts().get(0).batchEfficiency())
                .isEqualTo(
                        "2.50 ms per sample at mean batch 4.00 vs 4.00 ms at batch 1 (JMH sample"
                                + " mode, 1 caller, mean pass): 1.60x the samples per worker-second");
        // and the JMH verdict still has its own rows only
        assertThat(m.headlineLatency().orElseThrow().best().row()).isSameAs(jmh);
        assertThat(m.throughput().orElseThrow().best().row()).isSameAs(jmh);
    }

    /** The runner-up is the best unbatched layout: named once. */
    @Test
    void anUnbatchedRunnerUpIsNotNamedTwice() {
        String line =
                serving(
                                rows(
                                        file(BATCHED_8, 21, 18.1, true, 8, 2),
                                        file(UNBATCHED_2X1, 12, 10, true, 1, 3.4),
                                        file(UNBATCHED, 9, 8, true, 1, 3.6)))
                        .line();
        assertThat(line).contains("the runner-up 2 workers x 1 thread, no batching");
        assertThat(line).doesNotContain("the best unbatched layout");
    }

    @Test
    void theConsoleHasAServingLineAndTheBatchingOfTheBest() {
        Verdict.Result v =
                Verdict.of(
                        rows(
                                file(BATCHED_8, 21, 18.1, true, 8, 2),
                                file(UNBATCHED_2X1, 12, 10, true, 1, 3.4)),
                        Optional.empty());
        assertThat(v.lines())
                .contains(
                        "resnet50:",
                        "  serving capacity (open loop), p99 <= 300 ms: 2 workers x 1 thread, batches"
                                + " <= 8 after 20.0 ms: 18.1/s (valid); 1.81x the runner-up 2 workers"
                                + " x 1 thread, no batching (10.0/s, valid), beyond the search's 5%"
                                + " resolution; Offline 21.0/s",
                        "    batching at its capacity: 2.00 ms per sample at mean batch 8.00 vs 3.40"
                                + " ms at batch 1 (2 workers x 1 thread, no batching at 10.0/s):"
                                + " 1.70x the samples per worker-second")
                .noneMatch(l -> l.contains("no latency distribution measured"))
                .noneMatch(l -> l.contains("throughput: none measured"));
    }
}
