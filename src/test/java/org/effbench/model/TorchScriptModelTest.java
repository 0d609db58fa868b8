package org.effbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What parseInputs accepts is what ACCEPTED_INPUTS, the commands' help, says. */
class TorchScriptModelTest {

    @Test
    void inputsAreSeparatedByCommasOrSemicolonsAlike() {
        List<TorchScriptModel.Input> commas =
                TorchScriptModel.parseInputs("1x128:int64,1x128:int64, 2x3");
        assertThat(TorchScriptModel.parseInputs("1x128:int64;1x128:int64; 2x3")).isEqualTo(commas);
        assertThat(commas)
                .extracting(Object::toString)
                .containsExactly("1x128:int64", "1x128:int64", "2x3:float32");
        assertThat(TorchScriptModel.ACCEPTED_INPUTS).contains("separated by commas or semicolons");
    }

    @Test
    void theTypesNamedAreExactlyTheTypesAccepted() {
        String named =
                TorchScriptModel.ACCEPTED_INPUTS.replaceAll(".*TYPE one of ([^;]*);.*", "$1");
        assertThat(named.split(", "))
                .containsExactly("float32", "float64", "fp32", "int32", "int64");
        // every DJL type name and the usual short names: accepted exactly when named
        List<String> candidates =
                Stream.concat(
                                Arrays.stream(DataType.values())
                                        .map(t -> t.name().toLowerCase(Locale.ROOT)),
                                Stream.of(
                                        "fp16", "fp32", "fp64", "bf16", "int", "long", "float",
                                        "double"))
                        .distinct()
                        .toList();
        for (String type : candidates) {
            boolean accepted;
            try {
                TorchScriptModel.parseInputs("1x2:" + type);
                accepted = true;
            } catch (IllegalArgumentException e) {
                assertThat(e)
                        .hasMessage(
                                "input '1x2:"
                                        + type
                                        + "' is not accepted; accepted: "
                                        + TorchScriptModel.ACCEPTED_INPUTS);
                accepted = false;
            }
            assertThat(accepted).as(type).isEqualTo(List.of(named.split(", ")).contains(type));
        }
    }

    @Test
    void dimensionsAreWholeNumbersOfAtLeastOne() {
        assertThatThrownBy(() -> TorchScriptModel.parseInputs("1x0"))
                .hasMessageStartingWith("input '1x0' is not accepted");
        assertThatThrownBy(() -> TorchScriptModel.parseInputs("1x3,1xy"))
                .hasMessageStartingWith("input '1xy' is not accepted");
        assertThatThrownBy(() -> TorchScriptModel.parseInputs("1x3:int64:x"))
                .hasMessageStartingWith("input '1x3:int64:x' is not");
    }
}
