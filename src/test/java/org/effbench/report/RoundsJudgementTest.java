package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.effbench.Fixtures;
import org.effbench.base.Csv;
import org.effbench.energy.EnergySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ratios judged over rounds: each round's pair gives a ratio, the value is their geometric mean,
 * and the interval is their spread's, so a ratio that flips between forks is not called beyond the
 * noise and a steady one is. Student's t at two-sided 99.9% with 1 degree of freedom is 636.619
 * (NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
 */
class RoundsJudgementTest {

    @TempDir Path run;

    private static Verdict.Figure figure(double value, double error, Map<Integer, Double> rounds) {
        return new Verdict.Figure(value, error, "mean", "", new TreeMap<>(rounds));
    }

    /**
     * The case of issue 17: the graph optimizer's batch-1 ratio was 1.19x in one run and 0.785x in
     * the next, each fork's own error small. One round each of base 100 / option 84.03 ms and base
     * 80 / option 101.9 ms: pooled 90 against 92.97 ms, ± 0.5, the intervals apart, so without the
     * rounds the option is slower beyond the noise; with them the value is root(1.19 x 0.785) =
     * 0.96651 and the t interval of the two log ratios, exp(-0.034057 ± 636.619 x 0.29417 / root
     * 2), leaves nothing beyond the noise.
     */
    @Test
    void aRatioThatFlipsBetweenRoundsIsWithinTheNoise() {
        Verdict.Figure base = figure(90, 0.5, Map.of());
        Verdict.Figure option = figure((100 / 1.19 + 80 / 0.785) / 2, 0.5, Map.of());
        Verdict.Speedup once = Verdict.Speedup.of(Verdict.Goal.LATENCY, base, option);
        assertThat(once.beyondNoise()).contains(true);
        assertThat(once.value()).isLessThan(1);
        assertThat(once.rounds()).isZero();

        Verdict.Speedup rounds =
                Verdict.Speedup.of(
                        Verdict.Goal.LATENCY,
                        figure(90, 0.5, Map.of(1, 100.0, 2, 80.0)),
                        figure(option.value(), 0.5, Map.of(1, 100 / 1.19, 2, 80 / 0.785)));
        assertThat(rounds.value()).isCloseTo(Math.sqrt(1.19 * 0.785), within(1e-9));
        assertThat(rounds.rounds()).isEqualTo(2);
        assertThat(rounds.beyondNoise()).contains(false);
        double half = 636.619 * 0.29417 / Math.sqrt(2);
        assertThat(Math.log(rounds.low())).isCloseTo(-0.034057 - half, within(0.01));
        assertThat(Math.log(rounds.high())).isCloseTo(-0.034057 + half, within(0.01));
        assertThat(rounds.text()).contains("over 2 rounds), within the noise");
    }

    /**
     * Rounds that agree judge a steady ratio by their own spread: four rounds of 1.09x and 1.11x
     * (throughput, so the option's over the baseline's) with each pooled figure ± 5%. The figures'
     * intervals overlap (104.5/105 to 115.5/95), but the pooled errors include drift that both
     * sides of a round share; the paired interval is exp(0.0952689 ± 12.924 x 0.0104976 / 2) =
     * 1.0278 to 1.1772 (t(0.9995, 3) = 12.924, NIST/SEMATECH table 1.3.6.7.2), beyond the noise.
     */
    @Test
    void roundsThatAgreeJudgeASteadyRatioByTheirOwnSpread() {
        Map<Integer, Double> base = Map.of(1, 100.0, 2, 100.0, 3, 100.0, 4, 100.0);
        Map<Integer, Double> option = Map.of(1, 109.0, 2, 111.0, 3, 109.0, 4, 111.0);
        Verdict.Speedup once =
                Verdict.Speedup.of(
                        Verdict.Goal.THROUGHPUT,
                        figure(100, 5, Map.of()),
                        figure(110, 5.5, Map.of()));
        assertThat(once.beyondNoise()).contains(false);
        Verdict.Speedup s =
                Verdict.Speedup.of(
                        Verdict.Goal.THROUGHPUT, figure(100, 5, base), figure(110, 5.5, option));
        assertThat(s.value()).isCloseTo(Math.sqrt(1.09 * 1.11), within(1e-9));
        assertThat(s.low()).isCloseTo(1.0278, within(1e-4));
        assertThat(s.high()).isCloseTo(1.1772, within(1e-4));
        assertThat(s.beyondNoise()).contains(true);
    }

    /**
     * The same ratio in every round says nothing of the spread between rounds (a t-interval of
     * width 0): the two figures' own 99.9% intervals judge, 100 ± 5 against 110 ± 5.5, which
     * overlap (104.5/105 to 115.5/95).
     */
    @Test
    void theSameRatioInEveryRoundIsJudgedByTheFiguresErrors() {
        Verdict.Speedup s =
                Verdict.Speedup.of(
                        Verdict.Goal.THROUGHPUT,
                        figure(100, 5, Map.of(1, 100.0, 2, 100.0, 3, 100.0)),
                        figure(110, 5.5, Map.of(1, 110.0, 2, 110.0, 3, 110.0)));
        assertThat(s.value()).isCloseTo(1.1, within(1e-12));
        assertThat(s.low()).isCloseTo(104.5 / 105, within(1e-12));
        assertThat(s.high()).isCloseTo(115.5 / 95, within(1e-12));
        assertThat(s.beyondNoise()).contains(false);
    }

    /**
     * effbench against the peer, each round's effbench fork paired with the peer run after it:
     * rounds 1 and 2 on both sides (the peer's round 3 has no twin). Pooled, 55 against 56.33 ms ±
     * 0.5 says effbench is faster beyond the error; paired, the rounds say 1.1 and 0.9: value
     * root(0.99), and within the error.
     */
    @Test
    void thePeerLineIsJudgedRoundByRound() {
        DerivedRow own = latencyRow("InferenceBenchmark.infer", 55, 0.5);
        DerivedRow peer = latencyRow("PyTorchPeer.forward", (55 + 54 + 60) / 3.0, 0.5);
        PeerComparison.Line once = PeerComparison.lines(List.of(own, peer)).get(0);
        assertThat(once.judgement()).isEqualTo(PeerComparison.Judgement.FASTER);

        own.rounds(rounds(Map.of(1, 50.0, 2, 60.0)));
        peer.rounds(rounds(Map.of(1, 55.0, 2, 54.0, 3, 60.0)));
        PeerComparison.Line paired = PeerComparison.lines(List.of(own, peer)).get(0);
        assertThat(paired.ratio()).isCloseTo(Math.sqrt(1.1 * 0.9), within(1e-9));
        assertThat(paired.speedup().rounds()).isEqualTo(2);
        assertThat(paired.judgement()).isEqualTo(PeerComparison.Judgement.WITHIN);
        assertThat(PeerComparison.cells(paired).get(7)).endsWith(" over 2 rounds");
    }

    /**
     * A run folder of two rounds of one configuration (the real mlp SampleTime result, and the same
     * with every time 1.2x) and one configuration measured once: one pooled row of 2 rounds whose
     * mean is the rounds' mean, whose error is their t half-width (636.619 x |b - a| / 2), and
     * rounds.csv with each round's own mean.
     */
    @Test
    void aRunsRoundsArePooledIntoOneRowAndEachRoundIsKeptInRoundsCsv() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = (ArrayNode) mapper.readTree(Fixtures.jmh("all-modes-2-callers.json"));
        ObjectNode first = (ObjectNode) all.get(4);
        ObjectNode second = first.deepCopy();
        ObjectNode metric = (ObjectNode) second.get("primaryMetric");
        double a = metric.get("score").asDouble();
        metric.put("score", a * 1.2);
        for (var fork : metric.get("rawDataHistogram")) {
            for (var iteration : fork) {
                for (var pair : iteration) {
                    ((ArrayNode) pair).set(0, pair.get(0).asDouble() * 1.2);
                }
            }
        }
        String id = "jmh-default-mlp-b2-t1-i0-c2-sample";
        Files.writeString(run.resolve(id + "-r1.json"), "[" + first + "]");
        Files.writeString(run.resolve(id + "-r2.json"), "[" + second + "]");
        Files.writeString(run.resolve("jmh-other.json"), "[" + all.get(5) + "]");

        RunAnalyzer.Outcome outcome =
                new RunAnalyzer(
                                new PrintStream(
                                        new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                                EnergySettings.Given.NOTHING)
                        .analyze(run, false);

        assertThat(outcome.rows()).hasSize(2);
        DerivedRow pooled = outcome.rows().get(0);
        assertThat(pooled.number(Column.ROUNDS)).isEqualTo(2);
        assertThat(outcome.rows().get(1).number(Column.ROUNDS)).isEqualTo(1);
        double meanMs = pooled.number(Column.LATENCY_MS_MEAN);
        assertThat(meanMs / 1.1)
                .isCloseTo(
                        pooled.rounds().get(1).number(Column.LATENCY_MS_MEAN),
                        within(1e-9 * meanMs));
        assertThat(pooled.number(Column.LATENCY_MS_ERROR))
                .isCloseTo(636.619 * 0.2 * (meanMs / 1.1) / 2, within(1e-3 * meanMs));
        assertThat(pooled.warnings()).anyMatch(w -> w.startsWith("the 2 rounds' scores spread"));
        assertThat(pooled.number(Column.LATENCY_N)).isEqualTo(2 * 4964);
        List<CSVRecord> rounds;
        try (var in = Files.newBufferedReader(run.resolve(RoundsCsv.FILE))) {
            rounds = Csv.READ.parse(in).getRecords();
        }
        assertThat(rounds).extracting(r -> r.get("round")).containsExactly("1", "2");
        assertThat(Double.parseDouble(rounds.get(1).get("latency_ms_mean")))
                .isCloseTo(
                        1.2 * Double.parseDouble(rounds.get(0).get("latency_ms_mean")),
                        within(1e-3));
        assertThat(rounds.get(0).get("model")).isEqualTo("mlp");
    }

    /**
     * A peer's rounds (its CSV keeps no values): one row per configuration of the file, each of 2
     * rounds, the mean of the rounds' means, and no percentile, said in the row's warning.
     */
    @Test
    void aPeersRoundsArePooledWithoutPercentiles() throws Exception {
        String csv = Fixtures.jmh("peer-pytorch.csv");
        Files.writeString(run.resolve("peer-default-mlp-b2-t1-i0-c1-pytorch-r1.csv"), csv);
        Files.writeString(run.resolve("peer-default-mlp-b2-t1-i0-c1-pytorch-r2.csv"), csv);

        List<DerivedRow> rows =
                new RunAnalyzer(
                                new PrintStream(
                                        new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                                EnergySettings.Given.NOTHING)
                        .analyze(run, false)
                        .rows();

        assertThat(rows).hasSize(3); // the file's three configurations, each pooled
        DerivedRow mlp = rows.get(0);
        assertThat(mlp.number(Column.ROUNDS)).isEqualTo(2);
        assertThat(mlp.number(Column.LATENCY_MS_MEAN))
                .isCloseTo(0.05798074124970534, within(1e-12));
        // the same figures twice: no spread, the error is the peer's own pooled, e / root 2
        assertThat(mlp.number(Column.LATENCY_MS_ERROR))
                .isCloseTo(0.00028448668040102407 / Math.sqrt(2), within(1e-12));
        assertThat(mlp.number(Column.LATENCY_N)).isEqualTo(2 * 34056);
        assertThat(mlp.get(Column.LATENCY_MS_P50)).isEmpty();
        assertThat(mlp.warnings()).anyMatch(w -> w.startsWith("percentiles of several rounds"));
    }

    private static SortedMap<Integer, DerivedRow> rounds(Map<Integer, Double> means) {
        SortedMap<Integer, DerivedRow> out = new TreeMap<>();
        means.forEach((r, ms) -> out.put(r, new DerivedRow().put(Column.LATENCY_MS_MEAN, ms)));
        return out;
    }

    private static DerivedRow latencyRow(String benchmark, double ms, double error) {
        return new DerivedRow()
                .put(Column.BENCHMARK, benchmark)
                .put(Column.JMH_MODE, "sample")
                .put(Column.MODEL, "resnet50")
                .put(Column.DTYPE, "fp32")
                .put(Column.BATCH_SIZE, 1)
                .put(Column.INTRA_OP_THREADS, 2)
                .put(Column.CALLERS, 1)
                .put(Column.LATENCY_MS_MEAN, ms)
                .put(Column.LATENCY_MS_ERROR, error);
    }
}
