package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.effbench.energy.EnergySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole derivation against a golden file: src/test/resources/golden-run holds a run folder (JMH
 * fixtures, a real serve run, a published machine profile, the model metrics the engine counted)
 * and the results.csv derived from it by {@code scripts/make-golden-run.sh}. Any change to a
 * derived figure shows here as a diff to review; an intended one is accepted by running the script
 * again.
 */
class RunGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden-run");

    @Test
    void aRunFolderDerivesToTheGoldenResults(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectory(dir.resolve("golden-run"));
        try (Stream<Path> files = Files.list(GOLDEN)) {
            for (Path f :
                    files.filter(f -> !f.getFileName().toString().equals(ResultsCsv.FILE))
                            .toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        RunAnalyzer.Outcome outcome =
                new RunAnalyzer(
                                new PrintStream(console, true, StandardCharsets.UTF_8),
                                EnergySettings.Given.NOTHING)
                        .analyze(run, false);

        assertThat(outcome.csv()).hasSameTextualContentAs(GOLDEN.resolve(ResultsCsv.FILE));
        // 4 ceilings (2 benchmarks x 2 threads), 2 models x 4 modes, 3 peer rows; the serve run's
        // Offline row and its 6 points
        assertThat(outcome.rows()).hasSize(22);
        assertThat(outcome.rows()).filteredOn(ServeRows::is).hasSize(7);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .doesNotContain("no model-metrics.json");
    }
}
