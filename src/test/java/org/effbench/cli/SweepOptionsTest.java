package org.effbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * quick and sweep take their run options from one class, and check them the same way before
 * anything runs.
 */
class SweepOptionsTest {

    @RegisterExtension final CapturedErr err = new CapturedErr();

    @TempDir Path results;

    private static CommandSpec command(String name) {
        return new CommandLine(new Main()).getSubcommands().get(name).getCommandSpec();
    }

    private static List<String> options(CommandSpec command) {
        return command.options().stream().map(OptionSpec::longestName).sorted().toList();
    }

    @Test
    void quickAndSweepHaveTheSameRunOptionsFromOneClass() {
        CommandSpec quick = command("quick");
        CommandSpec sweep = command("sweep");

        assertThat(options(quick))
                .containsExactly(
                        "--definition",
                        "--grid-intensity",
                        "--help",
                        "--results",
                        "--resume",
                        "--retry-failed",
                        "--shard",
                        "--version",
                        "--watts-per-core");
        assertThat(options(sweep))
                .containsExactly(
                        "--grid-intensity",
                        "--help",
                        "--results",
                        "--resume",
                        "--retry-failed",
                        "--shard",
                        "--version",
                        "--watts-per-core");
        for (CommandSpec c : List.of(quick, sweep)) {
            CommandSpec options = c.mixins().get("sweep");
            assertThat(options.userObject()).as(c.name()).isInstanceOf(SweepOptions.class);
            assertThat(options.options())
                    .as(c.name())
                    .extracting(OptionSpec::longestName)
                    .containsExactlyInAnyOrder(
                            "--results",
                            "--resume",
                            "--retry-failed",
                            "--shard",
                            "--watts-per-core",
                            "--grid-intensity");
        }
        assertThat(sweep.positionalParameters())
                .singleElement()
                .satisfies(p -> assertThat(p.paramLabel()).isEqualTo("DEFINITION"));
    }

    @Test
    void aBadShardOrDefinitionStopsBothCommandsBeforeAnythingRuns() {
        assertBadInput(
                "benchmarks.jar: shard 4/4 is not accepted; accepted: i/n with 0 <= i < n, e.g. 0/4",
                "quick",
                "--results",
                results.toString(),
                "--shard",
                "4/4");
        assertBadInput(
                "benchmarks.jar: shard 'half' is not accepted; accepted: i/n with 0 <= i < n, e.g. 0/4",
                "sweep",
                "benchmarks/quick.properties",
                "--results",
                results.toString(),
                "--shard",
                "half");
        assertBadInput(
                "benchmarks.jar: sweep definition nowhere.properties does not exist or is not a file",
                "sweep",
                "nowhere.properties",
                "--results",
                results.toString());
        assertBadInput(
                "benchmarks.jar: sweep definition nowhere.properties does not exist or is not a file",
                "quick",
                "--definition",
                "nowhere.properties",
                "--results",
                results.toString());
    }

    private void assertBadInput(String expected, String... args) {
        assertThat(Main.run(args)).isEqualTo(Main.BAD_INPUT);
        assertThat(err.text()).isEqualTo(expected + "\n");
        assertThat(results.resolve("runs")).as("nothing ran").doesNotExist();
        err.reset();
    }
}
