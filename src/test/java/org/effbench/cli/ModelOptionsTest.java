package org.effbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** profile, ops and tune take a model the same way, with one help text and one check. */
class ModelOptionsTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureErr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(originalErr);
    }

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
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .as(command)
                    .isEqualTo(
                            "benchmarks.jar: a file: model needs --input, e.g. 1x3x224x224 or 1x128:int64,1x128:int64\n");
            err.reset();
            assertThat(Main.run(command, "--model", "file:model.pt", "--input", "1x3;1x4:int8"))
                    .as(command)
                    .isEqualTo(Main.BAD_INPUT);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .as(command)
                    .startsWith("benchmarks.jar: input '1x4:int8' is not accepted");
            err.reset();
        }
    }
}
