package org.effbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
