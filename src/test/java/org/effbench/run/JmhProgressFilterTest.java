package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On JMH's real output of the quick run's first two configurations (mlp batch 1, 1 thread, sample
 * then thrpt; captured from jmh.log, no powercap on that machine).
 */
class JmhProgressFilterTest {

    private static String captured() throws IOException {
        try (InputStream in =
                JmhProgressFilterTest.class.getResourceAsStream(
                        "/console/quick-two-configurations.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Two configurations through one run's filters, one filter per configuration as in a sweep. */
    private static String filtered(boolean quiet) throws IOException {
        String text = captured();
        int second = text.indexOf("# JMH version", 1);
        JmhProgressFilter.Shown shown = new JmhProgressFilter.Shown();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        for (String part : List.of(text.substring(0, second), text.substring(second))) {
            try (JmhProgressFilter f = new JmhProgressFilter(sink, shown, quiet)) {
                f.write(part.getBytes(StandardCharsets.UTF_8));
            }
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void theCapturedOutputRepeatsTheParagraphs() throws IOException {
        assertThat(count(captured(), "REMEMBER: The numbers below")).isEqualTo(2);
        assertThat(count(captured(), "NOTE: Current JVM experimentally")).isEqualTo(2);
        assertThat(captured()).contains("energyJoules:   ≈ 0 #");
    }

    @Test
    void aSweepsConsoleShowsTheParagraphsOnceAndNothingElseOfJmhs() throws IOException {
        String out = filtered(true);
        assertThat(count(out, "REMEMBER: The numbers below")).isEqualTo(1);
        assertThat(count(out, "NOTE: Current JVM experimentally")).isEqualTo(1);
        assertThat(out)
                .doesNotContain("energy")
                .doesNotContain("Iteration")
                .doesNotContain("ETA")
                .doesNotContain("# ")
                .doesNotContain("InferenceBenchmark.infer ")
                .doesNotContain("p(50");
        // the two paragraphs, each with its blank line after it
        assertThat(out.lines().count()).isEqualTo(12);
    }

    @Test
    void jmhsOwnConsoleKeepsItsProgressWithoutEmptyEnergyAndRepeatedParagraphs()
            throws IOException {
        String out = filtered(false);
        assertThat(count(out, "REMEMBER: The numbers below")).isEqualTo(1);
        assertThat(out)
                .doesNotContain("energy")
                .contains("# Run progress: 0.00% complete, ETA 00:00:07")
                .contains("Iteration   1: 0.061 ±(99.9%) 0.001 ms/op\n                 p0.00:")
                .contains("InferenceBenchmark.infer:p0.99 ");
    }

    @Test
    void energyIsShownOnceSomethingIsMeasured() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (JmhProgressFilter f =
                new JmhProgressFilter(sink, new JmhProgressFilter.Shown(), false)) {
            f.write(
                    ("Iteration   1: 0.061 ms/op\n"
                                    + "                 energyJoules:   1.250 #\n"
                                    + "                 energyReadings: 1.000 #\n"
                                    + "                 energySamples:  16461.000 #\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(sink.toString(StandardCharsets.UTF_8)).contains("energyJoules", "energySamples");
    }

    @Test
    void aFailureStaysOnASweepsConsole() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (JmhProgressFilter f =
                new JmhProgressFilter(sink, new JmhProgressFilter.Shown(), true)) {
            f.write(
                    ("# Fork: 1 of 1\n# Warmup Iteration   1: <failure> (the stack trace is in"
                                    + " /r/jmh.log)\nIteration   1: 0.1 ms/op\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(sink.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "# Warmup Iteration   1: <failure> (the stack trace is in /r/jmh.log)\n");
    }

    @Test
    void libtorchsNnpackWarningOncePerRun() throws IOException {
        JmhProgressFilter.Shown shown = new JmhProgressFilter.Shown();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        for (int configuration = 0; configuration < 2; configuration++) {
            try (JmhProgressFilter f = new JmhProgressFilter(sink, shown, true)) {
                f.write(
                        ("[W1126 00:55:53.415903124 NNPACK.cpp:57] Could not initialize NNPACK!"
                                        + " Reason: Unsupported hardware. (repeats of this libtorch"
                                        + " warning are not shown)\n")
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(sink.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    @Test
    void aStalePartialPathIsDropped() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (JmhProgressFilter f =
                new JmhProgressFilter(sink, new JmhProgressFilter.Shown(), false)) {
            f.write(
                    ("Benchmark result is saved to /tmp/r/jmh-scratch.json.partial\nkept\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("kept\n");
    }

    /** The FMA peak's forks (ceiling-t1, ceiling-t2) each announce the Vector API: once per run. */
    @Test
    void theIncubatorWarningOncePerRun() throws IOException {
        JmhProgressFilter.Shown shown = new JmhProgressFilter.Shown();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        for (int fork = 0; fork < 2; fork++) {
            try (JmhProgressFilter f = new JmhProgressFilter(sink, shown, true)) {
                f.write(
                        "WARNING: Using incubator modules: jdk.incubator.vector\n"
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(sink.toString(StandardCharsets.UTF_8))
                .isEqualTo("WARNING: Using incubator modules: jdk.incubator.vector\n");
    }
}
