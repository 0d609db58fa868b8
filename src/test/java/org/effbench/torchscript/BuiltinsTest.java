package org.effbench.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Python's semantics for TorchScript's operations on numbers, as traced shape arithmetic uses them.
 */
class BuiltinsTest {

    @Test
    void swinsPaddingArithmetic() {
        // pad_r = (7 - W % 7) % 7 as traced: remainder(rsub(remainder(W, 7), 7), 7); W = 56 -> 0, W
        // = 30 -> 5
        Object r56 =
                Builtins.torch(
                        "remainder",
                        List.of(
                                Builtins.torch(
                                        "rsub",
                                        List.of(
                                                Builtins.torch("remainder", List.of(56L, 7L), ""),
                                                7L),
                                        ""),
                                7L),
                        "");
        Object r30 =
                Builtins.torch(
                        "remainder",
                        List.of(
                                Builtins.torch(
                                        "rsub",
                                        List.of(
                                                Builtins.torch("remainder", List.of(30L, 7L), ""),
                                                7L),
                                        ""),
                                7L),
                        "");
        assertThat(r56).isEqualTo(0L);
        assertThat(r30).isEqualTo(5L);
    }

    @Test
    void floorDivisionAndModuloRoundTowardsMinusInfinity() {
        assertThat(Builtins.torch("floordiv", List.of(-7L, 2L), "")).isEqualTo(-4L);
        assertThat(Builtins.torch("remainder", List.of(-7L, 2L), "")).isEqualTo(1L);
        assertThat(Builtins.torch("div", List.of(7L, 2L), "")).isEqualTo(3.5);
    }
}
