package org.effbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command that derives results takes the energy options and checks them before it runs. */
class EnergyOptionsTest {

    @RegisterExtension final CapturedErr err = new CapturedErr();

    @TempDir Path results;

    @Test
    void everyDerivingCommandHasBothOptions() {
        CommandLine cli = new CommandLine(new Main());
        for (String name : List.of("quick", "sweep", "tune", "analyze", "jmh")) {
            assertThat(
                            cli.getSubcommands().get(name).getCommandSpec().options().stream()
                                    .map(OptionSpec::longestName))
                    .as(name)
                    .contains("--watts-per-core", "--grid-intensity");
        }
    }

    @Test
    void wattsOutOfRangeStopBeforeAnythingRuns() {
        String accepted =
                " is not accepted; accepted: a number > 0 and <= 1000 (watts per busy core)";
        assertBadInput("--watts-per-core 0" + accepted, "quick", "--watts-per-core", "0");
        assertBadInput("--watts-per-core -3" + accepted, "quick", "--watts-per-core", "-3");
        assertBadInput("--watts-per-core NaN" + accepted, "quick", "--watts-per-core", "NaN");
        assertBadInput("--watts-per-core 1500" + accepted, "quick", "--watts-per-core", "1500");
        assertBadInput("--watts-per-core 'ten'" + accepted, "quick", "--watts-per-core", "ten");
        assertBadInput(
                "--watts-per-core Infinity" + accepted,
                "sweep",
                "benchmarks/quick.properties",
                "--watts-per-core",
                "Infinity");
    }

    @Test
    void gridIntensityOutOfRangeStopsBeforeAnythingRuns() {
        String accepted = " is not accepted; accepted: a number >= 0 and <= 2000 (g CO2e/kWh)";
        assertBadInput("--grid-intensity -1" + accepted, "quick", "--grid-intensity", "-1");
        assertBadInput("--grid-intensity 2000.5" + accepted, "quick", "--grid-intensity", "2000.5");
        assertBadInput(
                "--grid-intensity NaN" + accepted,
                "analyze",
                results.toString(),
                "--grid-intensity",
                "NaN");
    }

    private void assertBadInput(String expected, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("analyze")) {
            all.addAll(List.of("--results", results.toString()));
        }
        assertThat(Main.run(all.toArray(String[]::new))).isEqualTo(Main.BAD_INPUT);
        assertThat(err.text()).isEqualTo("benchmarks.jar: " + expected + "\n");
        assertThat(results.resolve("runs")).as("nothing ran").doesNotExist();
        err.reset();
    }
}
