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

        List<Comparison.Line> lines = Comparison.compare(base, candidate, 0.05);

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

        List<Comparison.Line> lines = Comparison.compare(base, candidate, 0.05);

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
        assertThatThrownBy(() -> Comparison.compare(base, other, 0.05))
                .hasMessage("no configuration is in both " + base + " and " + other);
        assertThatThrownBy(() -> Comparison.compare(dir, base, 0.05))
                .hasMessageStartingWith(dir.resolve("results.csv") + " does not exist");
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
