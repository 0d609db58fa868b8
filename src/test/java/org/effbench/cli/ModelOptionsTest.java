package org.effbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** profile, ops and tune take a model the same way, with one help text and one check. */
class ModelOptionsTest {

    @RegisterExtension final CapturedErr err = new CapturedErr();

    private static OptionSpec option(String command, String name) {
        return new CommandLine(new Main())
                .getSubcommands()
                .get(command)
                .getCommandSpec()
                .findOption(name);
    }

    @Test
    void theInputHelpSaysWhatTheParserAcceptsCommasOrSemicolonsAndIsTheSameForEveryCommand() {
        String help = String.join(" ", option("profile", "--input").description());
        assertThat(help)
                .isEqualTo(
                        "a file: model's input shapes: dimensions >= 1 joined by x, batch first, optionally :TYPE "
                                + "with TYPE one of float32, float64, fp32, int32, int64; several inputs separated by commas or semicolons; "
                                + "e.g. 1x3x224x224 or 1x128:int64,1x128:int64");
        for (String command : List.of("ops", "tune")) {
            assertThat(option(command, "--input").description()).as(command).containsExactly(help);
            assertThat(option(command, "--model").required()).as(command).isTrue();
        }
    }

    @Test
    void batchIsAnOptionOfTheCommandsThatRunOneModelOnly() {
        assertThat(option("profile", "--batch")).isNotNull();
        assertThat(option("ops", "--batch")).isNotNull();
        // tune takes its batch sizes from the definition
        assertThat(option("tune", "--batch")).isNull();
    }

    @Test
    void everyCommandChecksTheModelBeforeAnythingRuns() {
        for (String command : List.of("profile", "ops", "tune")) {
            assertThat(Main.run(command, "--model", "file:model.pt"))
                    .as(command)
                    .isEqualTo(Main.BAD_INPUT);
            assertThat(err.text())
                    .as(command)
                    .isEqualTo(
                            "benchmarks.jar: a file: model needs --input, e.g. 1x3x224x224 or 1x128:int64,1x128:int64\n");
            err.reset();
            assertThat(Main.run(command, "--model", "file:model.pt", "--input", "1x3;1x4:int8"))
                    .as(command)
                    .isEqualTo(Main.BAD_INPUT);
            assertThat(err.text())
                    .as(command)
                    .startsWith("benchmarks.jar: input '1x4:int8' is not accepted");
            err.reset();
        }
    }
}
