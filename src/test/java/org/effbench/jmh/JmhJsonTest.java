package org.effbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.effbench.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhJsonTest {

    private static String fixture(String name) throws IOException {
        return Fixtures.jmh(name);
    }

    /**
     * all-modes-2-callers.json: a real run of this harness, mlp and squeezenet1_1, batch 2, 2
     * callers, 4 modes.
     */
    @Test
    void readsEveryModeOfARealRun() throws IOException {
        JmhJson.Parsed parsed = JmhJson.parse("f", fixture("all-modes-2-callers.json"));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.results())
                .extracting(BenchmarkResult::mode)
                .containsExactly("thrpt", "thrpt", "avgt", "avgt", "sample", "sample", "ss", "ss");
        BenchmarkResult sample = parsed.results().get(4);
        assertThat(sample.shortName()).isEqualTo("InferenceBenchmark.infer");
        assertThat(sample.threads()).isEqualTo(2);
        assertThat(sample.params()).containsEntry("model", "mlp").containsEntry("batchSize", "2");
        assertThat(sample.primary().unit()).isEqualTo("ms/op");
        assertThat(sample.primary().percentile(99.9)).isPositive();
        assertThat(parsed.results().get(0).primary().error()).as("JMH's \"NaN\"").isNaN();
        assertThat(sample.secondary())
                .containsKeys("energyJoules", "energySamples", "energyReadings", "p0.99");
    }

    @Test
    void aFileCutShortKeepsItsCompleteEntriesAndNamesTheBrokenOne() throws IOException {
        String full = fixture("all-modes-2-callers.json");
        int third = nthEntryStart(full, 3);
        JmhJson.Parsed parsed = JmhJson.parse("jmh-callers-2.json", full.substring(0, third + 200));
        assertThat(parsed.results()).hasSize(2);
        assertThat(parsed.problems())
                .singleElement()
                .asString()
                .startsWith("jmh-callers-2.json: entry 3 is incomplete");
    }

    @Test
    void aMalformedEntryIsSkippedAndTheRestKept() {
        String json =
                "[{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\"},"
                        + "{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\", \"primaryMetric\": {\"score\": 2.0, \"scoreError\": \"NaN\", \"scoreUnit\": \"ops/s\"}}]";
        JmhJson.Parsed parsed = JmhJson.parse("x.json", json);
        assertThat(parsed.results()).hasSize(1);
        assertThat(parsed.results().get(0).params()).isEmpty();
        assertThat(parsed.problems())
                .containsExactly("x.json: entry 1 skipped: no 'primaryMetric'");
    }

    @Test
    void somethingElseIsNamed() {
        assertThat(JmhJson.parse("y.json", "{\"not\": \"jmh\"}").problems())
                .containsExactly("y.json: not a JMH result file (expected a JSON array)");
        assertThat(JmhJson.parse("z.json", "").problems()).hasSize(1);
    }

    @Test
    void unitsConvert() {
        assertThat(TimeUnits.millisPerOp(250, "us/op")).isEqualTo(0.25);
        assertThat(TimeUnits.opsPerSecond(3, "ops/ms")).isEqualTo(3000);
        assertThat(TimeUnits.millisPerOp(3, "ops/ms")).isNaN();
    }

    /**
     * JMH on Windows writes its file in the system's code page: {@code µs/op} and the GC profiler's
     * {@code ·gc.alloc.rate} as the single bytes 0xB5 and 0xB7 of windows-1252. The fixture is the
     * real run's file re-encoded so, written here.
     */
    @Test
    void aFileInWindows1252IsReadAndNamedWithItsFirstByteThatIsNotUtf8(@TempDir Path dir)
            throws IOException {
        String text =
                fixture("all-modes-2-callers.json")
                        .replace("\"scoreUnit\" : \"ms/op\"", "\"scoreUnit\" : \"\u00b5s/op\"")
                        .replace("\"energyJoules\"", "\"\u00b7gc.alloc.rate\"");
        byte[] bytes = text.getBytes(Charset.forName("windows-1252"));
        int firstDot = text.indexOf('\u00b7'); // one byte per character in windows-1252
        assertThat(text.substring(0, firstDot)).as("all ASCII before it").matches("\\p{ASCII}*");
        assertThat(bytes[firstDot]).isEqualTo((byte) 0xB7);
        Path file = Files.write(dir.resolve("jmh-windows.json"), bytes);
        assertThatThrownBy(() -> Files.readString(file))
                .as("what used to stop everything: 'Input length = 1'")
                .isInstanceOf(MalformedInputException.class);

        JmhJson.Parsed parsed = JmhJson.read(file);

        assertThat(parsed.problems())
                .containsExactly(
                        "jmh-windows.json: not UTF-8 (byte 0xB7 at offset "
                                + firstDot
                                + "), read as windows-1252 (JMH on Windows writes its file in the"
                                + " system's code page)");
        assertThat(parsed.results()).hasSize(8);
        BenchmarkResult sample = parsed.results().get(4);
        assertThat(sample.primary().unit()).isEqualTo("\u00b5s/op");
        assertThat(TimeUnits.millisPerOp(1000, sample.primary().unit())).isEqualTo(1.0);
        assertThat(sample.secondary()).containsKey("\u00b7gc.alloc.rate");
    }

    @Test
    void theSameTextInUtf8IsReadWithoutAWord(@TempDir Path dir) throws IOException {
        String text =
                fixture("all-modes-2-callers.json")
                        .replace("\"scoreUnit\" : \"ms/op\"", "\"scoreUnit\" : \"\u00b5s/op\"");
        Path file = Files.writeString(dir.resolve("jmh-utf8.json"), text);
        JmhJson.Parsed parsed = JmhJson.read(file);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.results().get(4).primary().unit()).isEqualTo("\u00b5s/op");
    }

    /** A score that is not a number, or a unit that is not a time, is named with its value. */
    @Test
    void aNaNScoreOrAnUnknownUnitIsNamedWithTheEntryTheMetricAndTheValue() {
        String json =
                "[{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\", \"params\": {\"model\": \"mlp\"},"
                        + " \"primaryMetric\": {\"score\": \"NaN\", \"scoreUnit\": \"ops/s\"}},"
                        + "{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\","
                        + " \"primaryMetric\": {\"score\": 2.5, \"scoreUnit\": \"ms/batch\"}},"
                        + "{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\","
                        + " \"primaryMetric\": {\"score\": 2.0, \"scoreUnit\": \"ops/s\"},"
                        + " \"secondaryMetrics\": {\"gflop\": {\"score\": 7, \"scoreUnit\": \"ops/week\"},"
                        + " \"\u00b7gc.count\": {\"score\": 3, \"scoreUnit\": \"counts\"}}},"
                        + "{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\","
                        + " \"primaryMetric\": {\"score\": 2.5, \"scoreUnit\": \"us/op\"}}]";

        JmhJson.Parsed parsed = JmhJson.parse("x.json", json);

        assertThat(parsed.results()).as("kept: the rest of the row is still good").hasSize(4);
        assertThat(parsed.problems())
                .containsExactly(
                        "x.json: entry 1 (B.c thrpt model=mlp): primaryMetric score is NaN ops/s:"
                                + " no figure derived from it",
                        "x.json: entry 2 (B.c avgt): primaryMetric unit 'ms/batch' is not understood"
                                + " (accepted: TIME/op or ops/TIME with TIME one of ns, us, \u00b5s,"
                                + " ms, s, min, hr): no figure derived from its score 2.5",
                        "x.json: entry 3 (B.c thrpt): secondaryMetrics.gflop unit 'ops/week' is not"
                                + " understood (accepted: TIME/op or ops/TIME with TIME one of ns, us,"
                                + " \u00b5s, ms, s, min, hr): no figure derived from its score 7.0");
        assertThat(JmhJson.scoreProblems(parsed.results().get(3))).isEmpty();
    }

    @Test
    void theUnitsNamedAsAcceptedAreExactlyTheUnitsUnderstood() {
        String times = TimeUnits.ACCEPTED.replaceAll(".*TIME one of ", "");
        for (String time : times.split(", ")) {
            assertThat(TimeUnits.understood(time + "/op")).as(time).isTrue();
            assertThat(TimeUnits.understood("ops/" + time)).as(time).isTrue();
        }
        for (String other : new String[] {"ms/batch", "ops/week", "#", "MB/sec", "op/s", "ms"}) {
            assertThat(TimeUnits.understood(other)).as(other).isFalse();
        }
    }

    private static int nthEntryStart(String json, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = json.indexOf("\"jmhVersion\"", at + 1);
        }
        return at;
    }

    /**
     * Two forks of SampleTime: fork 1 has iterations {1.0 x 3, 2.0 x 1} and {4.0 x 2}, fork 2 {3.0
     * x 4}: 10 calls, mean 25 / 10 = 2.5, squared deviations 3 x 2.25 + 0.25 + 2 x 2.25 + 4 x 0.25
     * = 12.5, stdev sqrt(12.5 / 9). avgt: iteration scores 2 and 4 in fork 1, 6 in fork 2: 3
     * values, mean 4, stdev sqrt((4 + 0 + 4) / 2) = 2.
     */
    @Test
    void rawDataGivesTheCountMinMaxAndStdevOverEveryForkAndIteration() {
        String json =
                "[{\"benchmark\": \"a.B.c\", \"mode\": \"sample\", \"primaryMetric\": {\"score\": 2.5,"
                        + " \"scoreError\": 1.0, \"scoreUnit\": \"ms/op\", \"rawDataHistogram\":"
                        + " [[[[1.0, 3], [2.0, 1]], [[4.0, 2]]], [[[3.0, 4]]]]}},"
                        + " {\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"score\": 4.0,"
                        + " \"scoreError\": \"NaN\", \"scoreUnit\": \"ms/op\", \"rawData\": [[2.0, 4.0], [6.0]]}},"
                        + " {\"benchmark\": \"a.B.c\", \"mode\": \"ss\", \"primaryMetric\": {\"score\": 4.0,"
                        + " \"scoreError\": \"NaN\", \"scoreUnit\": \"ms/op\"}}]";
        JmhJson.Parsed parsed = JmhJson.parse("x.json", json);
        assertThat(parsed.problems()).isEmpty();
        SampleStats sample = parsed.results().get(0).primary().samples().orElseThrow();
        assertThat(sample.n()).isEqualTo(10);
        assertThat(sample.min()).isEqualTo(1.0);
        assertThat(sample.max()).isEqualTo(4.0);
        assertThat(sample.mean()).isCloseTo(2.5, within(1e-12));
        assertThat(sample.stdev()).isCloseTo(Math.sqrt(12.5 / 9), within(1e-12));
        SampleStats avgt = parsed.results().get(1).primary().samples().orElseThrow();
        assertThat(avgt.n()).isEqualTo(3);
        assertThat(avgt.min()).isEqualTo(2.0);
        assertThat(avgt.max()).isEqualTo(6.0);
        assertThat(avgt.stdev()).isCloseTo(2.0, within(1e-12));
        assertThat(parsed.results().get(2).primary().samples()).as("no raw data").isEmpty();
    }

    /**
     * The real run's histograms agree with what JMH itself wrote beside them: the mean of the calls
     * is the score, the smallest and largest are its 0th and 100th percentiles; the counts were
     * summed from the file with a separate script (mlp: 4,964 calls, squeezenet1_1: 20).
     */
    @Test
    void theHistogramOfARealRunAgreesWithJmhsOwnFigures() throws IOException {
        JmhJson.Parsed parsed = JmhJson.parse("f", fixture("all-modes-2-callers.json"));
        Metric mlp = parsed.results().get(4).primary();
        Metric squeezenet = parsed.results().get(5).primary();
        assertThat(mlp.samples().orElseThrow().n()).isEqualTo(4964);
        assertThat(squeezenet.samples().orElseThrow().n()).isEqualTo(20);
        for (Metric m : List.of(mlp, squeezenet)) {
            SampleStats s = m.samples().orElseThrow();
            assertThat(s.mean()).isCloseTo(m.score(), within(1e-9 * m.score()));
            assertThat(s.min()).isEqualTo(m.percentile(0.0));
            assertThat(s.max()).isEqualTo(m.percentile(100.0));
        }
        // squeezenet1_1's 20 calls, by a separate script: stdev 31.371048620157982 ms
        assertThat(squeezenet.samples().orElseThrow().stdev())
                .isCloseTo(31.371048620157982, within(1e-9));
        // avgt: the two iteration scores
        assertThat(parsed.results().get(2).primary().samples().orElseThrow().n()).isEqualTo(2);
    }
}
