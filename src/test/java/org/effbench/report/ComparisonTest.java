package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.effbench.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

    @TempDir Path dir;

    /** Latency 10 ms ± 0.2 becomes 12 ms ± 0.2: 20% slower and the intervals are apart. */
    @Test
    void flagsASyntheticTwentyPercentRegression() throws Exception {
        Path base = csv("base.csv", latency("resnet50", 1, 10.0, 0.2));
        Path candidate = csv("cand.csv", latency("resnet50", 1, 12.0, 0.2));

        List<Comparison.Line> lines = Comparison.compare(base, candidate, 0.05, false).lines();

        assertThat(lines)
                .singleElement()
                .satisfies(
                        l -> {
                            assertThat(l.verdict()).isEqualTo(Comparison.Verdict.REGRESSION);
                            assertThat(l.ratio()).isCloseTo(1.2, within(1e-12));
                            // 1.2 x sqrt((0.2/12)^2 + (0.2/10)^2)
                            assertThat(l.ratioError())
                                    .isCloseTo(1.2 * Math.hypot(0.2 / 12, 0.2 / 10), within(1e-12));
                        });
        assertThat(Main.run("compare", base.toString(), candidate.toString())).isEqualTo(1);
    }

    @Test
    void overlappingIntervalsAreNoiseAndSmallChangesAreBelowTheThreshold() throws Exception {
        Path base =
                csv(
                        "base.csv",
                        latency("mlp", 1, 10.0, 1.0),
                        latency("mlp", 8, 10.0, 0.01),
                        throughput("mlp", 4, 100.0, 2.0));
        Path candidate =
                csv(
                        "cand.csv",
                        latency("mlp", 1, 10.5, 1.0),
                        latency("mlp", 8, 10.2, 0.01),
                        throughput("mlp", 4, 130.0, 2.0));

        List<Comparison.Line> lines = Comparison.compare(base, candidate, 0.05, false).lines();

        assertThat(lines)
                .extracting(Comparison.Line::verdict)
                .containsExactly(
                        Comparison.Verdict.WITHIN_NOISE,
                        Comparison.Verdict.BELOW_THRESHOLD,
                        Comparison.Verdict.IMPROVEMENT);
        assertThat(Main.run("compare", base.toString(), candidate.toString())).isZero();
    }

    @Test
    void runsWithNothingInCommonOrNoResultsAreNamed() throws Exception {
        Path base = csv("base.csv", latency("mlp", 1, 10.0, 1.0));
        Path other = csv("other.csv", latency("resnet18", 1, 10.0, 1.0));
        assertThatThrownBy(() -> Comparison.compare(base, other, 0.05, false))
                .hasMessage("no configuration is in both " + base + " and " + other);
        assertThatThrownBy(() -> Comparison.compare(dir, base, 0.05, false))
                .hasMessageStartingWith(dir.resolve("results.csv") + " does not exist");
    }

    /** The published tuning run: 12 launch sets x 2 batch sizes x 2 thread counts, none merged. */
    @Test
    void everyLaunchSetOfThePublishedTuningRunIsItsOwnConfiguration() throws Exception {
        Path tuning = Path.of("results/tuning-resnet50-20261126");

        Comparison.Outcome outcome = Comparison.compare(tuning, tuning, 0.05, false);

        assertThat(outcome.lines()).hasSize(48);
        assertThat(outcome.lines())
                .extracting(Comparison.Line::verdict)
                .containsOnly(Comparison.Verdict.WITHIN_NOISE);
        assertThat(outcome.lines().get(0).key())
                .isEqualTo(
                        "InferenceBenchmark.infer batchSize=1 interOpThreads=0 intraOpThreads=1"
                                + " model=resnet50 c1 sample [default]");
        assertThat(outcome.onlyInBase()).isEmpty();
    }

    @Test
    void runsFromAnotherMachineOrWithOtherLaunchSettingsAreRefusedUnlessAllowed() throws Exception {
        Path base = csv("base.csv", latency("mlp", 1, 10.0, 0.1).put(Column.MACHINE_ID, "aaaa"));
        Path other = csv("other.csv", latency("mlp", 1, 10.0, 0.1).put(Column.MACHINE_ID, "bbbb"));
        assertThatThrownBy(() -> Comparison.compare(base, other, 0.05, false))
                .hasMessage(
                        base
                                + " and "
                                + other
                                + " were not measured alike (machine aaaa vs bbbb); add"
                                + " --allow-different-machines to compare them anyway");
        assertThat(Comparison.compare(base, other, 0.05, true).lines())
                .singleElement()
                .satisfies(
                        l -> assertThat(l.differences()).containsExactly("machine aaaa vs bbbb"));
        assertThat(Main.run("compare", base.toString(), other.toString())).isEqualTo(2);

        Path tcmalloc =
                csv(
                        "t.csv",
                        latency("mlp", 1, 10.0, 0.1)
                                .put(Column.LAUNCH, "default")
                                .put(Column.LAUNCH_SETTINGS, "allocator=tcmalloc; mklOnAmd=auto"));
        Path glibc =
                csv(
                        "g.csv",
                        latency("mlp", 1, 10.0, 0.1)
                                .put(Column.LAUNCH, "default")
                                .put(
                                        Column.LAUNCH_SETTINGS,
                                        "allocator=glibc-tuned; mklOnAmd=auto"));
        assertThatThrownBy(() -> Comparison.compare(tcmalloc, glibc, 0.05, false))
                .hasMessageContaining(
                        "launch set 'default' allocator=tcmalloc; mklOnAmd=auto vs"
                                + " allocator=glibc-tuned; mklOnAmd=auto");
    }

    /** 3 of 4 configurations measured again: the missing one is named and the exit code says so. */
    @Test
    void configurationsOnOneSideOnlyAreListed() throws Exception {
        Path base =
                csv(
                        "base.csv",
                        latency("mlp", 1, 10.0, 0.1),
                        latency("mlp", 2, 10.0, 0.1),
                        latency("mlp", 4, 10.0, 0.1),
                        latency("mlp", 8, 10.0, 0.1));
        Path candidate =
                csv(
                        "cand.csv",
                        latency("mlp", 1, 10.0, 0.1),
                        latency("mlp", 2, 10.0, 0.1),
                        latency("mlp", 4, 10.0, 0.1),
                        latency("mlp", 16, 10.0, 0.1));

        Comparison.Outcome outcome = Comparison.compare(base, candidate, 0.05, false);

        assertThat(outcome.onlyInBase())
                .containsExactly(
                        "InferenceBenchmark.infer batchSize=8 interOpThreads=0 intraOpThreads=1 model=mlp c1 sample");
        assertThat(outcome.onlyInCandidate()).hasSize(1);
        assertThat(Comparison.table(outcome))
                .contains("1 configuration(s) only in the base (missing from the candidate):");
        assertThat(Main.run("compare", base.toString(), candidate.toString())).isEqualTo(1);
        assertThat(Main.run("compare", "--allow-missing", base.toString(), candidate.toString()))
                .isZero();
    }

    /** Another project's benchmark: rows that differ only in its own parameters stay apart. */
    @Test
    void foreignParametersKeepConfigurationsApartAndTwiceTheSameIsRefused() throws Exception {
        DerivedRow a = foreign("size=10&impl=array", 5.0);
        DerivedRow b = foreign("size=10&impl=list", 7.0);
        Path base = csv("base.csv", a, b);
        assertThat(Comparison.compare(base, base, 0.05, false).lines())
                .extracting(Comparison.Line::key)
                .containsExactly(
                        "MyBench.run impl=array size=10 c1 sample",
                        "MyBench.run impl=list size=10 c1 sample");
        Path twice = csv("twice.csv", a, foreign("impl=array&size=10", 6.0));
        assertThatThrownBy(() -> Comparison.compare(twice, base, 0.05, false))
                .hasMessage(
                        twice
                                + " holds MyBench.run impl=array size=10 c1 sample twice (rows 1"
                                + " and 2); compare one run of each configuration");
    }

    @Test
    void aFileThatIsNotAResultsCsvIsNamed() throws Exception {
        Path other = Files.writeString(dir.resolve("other.csv"), "name,score\na,1\n");
        Path base = csv("base.csv", latency("mlp", 1, 10.0, 1.0));
        assertThatThrownBy(() -> Comparison.compare(other, base, 0.05, false))
                .hasMessage(other + " is not an effbench results.csv (no benchmark column)");
    }

    private static DerivedRow foreign(String params, double ms) {
        return new DerivedRow()
                .put(Column.BENCHMARK, "MyBench.run")
                .put(Column.JMH_PARAMS, params)
                .put(Column.CALLERS, 1)
                .put(Column.JMH_MODE, "sample")
                .put(Column.LATENCY_MS_MEAN, ms)
                .put(Column.LATENCY_MS_ERROR, 0.1);
    }

    private static DerivedRow latency(String model, int batch, double ms, double error) {
        return row(model, batch, "sample")
                .put(Column.LATENCY_MS_MEAN, ms)
                .put(Column.LATENCY_MS_ERROR, error);
    }

    private static DerivedRow throughput(String model, int batch, double samples, double error) {
        return row(model, batch, "thrpt")
                .put(Column.THROUGHPUT_SAMPLES_PER_S, samples)
                .put(Column.THROUGHPUT_SAMPLES_PER_S_ERROR, error);
    }

    private static DerivedRow row(String model, int batch, String mode) {
        return new DerivedRow()
                .put(Column.BENCHMARK, "InferenceBenchmark.infer")
                .put(Column.MODEL, model)
                .put(Column.BATCH_SIZE, batch)
                .put(Column.INTRA_OP_THREADS, 1)
                .put(Column.CALLERS, 1)
                .put(Column.JMH_MODE, mode);
    }

    private Path csv(String name, DerivedRow... rows) throws Exception {
        return Files.writeString(dir.resolve(name), ResultsCsv.write(List.of(rows)));
    }
}
