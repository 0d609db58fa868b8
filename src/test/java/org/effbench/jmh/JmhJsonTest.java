package org.effbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.effbench.Fixtures;
import org.junit.jupiter.api.Test;

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

    private static int nthEntryStart(String json, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = json.indexOf("\"jmhVersion\"", at + 1);
        }
        return at;
    }
}
