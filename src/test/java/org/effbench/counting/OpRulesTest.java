package org.effbench.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.effbench.counting.Value.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Output shapes and MACs of single operator calls, checked against PyTorch's documented semantics.
 */
class OpRulesTest {

    private static Object out(String op, Object... args) {
        return OpRules.output(OpArgs.bind(OpRules.find(op).orElseThrow(), List.of(args), Map.of()));
    }

    private static long macs(String op, Object... args) {
        return OpRules.macs(OpArgs.bind(OpRules.find(op).orElseThrow(), List.of(args), Map.of()))
                .macs();
    }

    private static Tensor t(Long... dims) {
        return new Tensor(List.of(dims), "float32");
    }

    private static Tensor idx(Long... dims) {
        return new Tensor(List.of(dims), "int64");
    }

    @Test
    void advancedIndexingReplacesTheIndexedAxesByTheIndexShape() {
        // Swin's relative position bias: table[169, 3][index[2401]] -> [2401, 3]
        assertThat(out("index", t(169L, 3L), List.of(idx(2401L)))).isEqualTo(t(2401L, 3L));
        // x[:, i] with i [4, 5] on [2, 7, 3] -> [2, 4, 5, 3] (None keeps the axis; adjacent indices
        // stay in place)
        assertThat(out("index", t(2L, 7L, 3L), List.of(Value.NONE, idx(4L, 5L))))
                .isEqualTo(t(2L, 4L, 5L, 3L));
        // x[i, :, j] (not adjacent): the broadcast index shape goes in front -> [6, 7]
        assertThat(out("index", t(2L, 7L, 3L), List.of(idx(6L), Value.NONE, idx(6L))))
                .isEqualTo(t(6L, 7L));
        // a boolean mask selects by value: unknown
        assertThat(((Tensor) out("index", t(4L), List.of(new Tensor(List.of(4L), "bool")))).known())
                .isFalse();
    }

    @Test
    void convolutionOutputsFollowStridePaddingAndDilation() {
        // ResNet's stem: 224 -> (224 + 6 - 6 - 1) / 2 + 1 = 112
        Object conv =
                out(
                        "_convolution",
                        t(1L, 3L, 224L, 224L),
                        t(64L, 3L, 7L, 7L),
                        Value.NONE,
                        List.of(2L, 2L),
                        List.of(3L, 3L),
                        List.of(1L, 1L),
                        false,
                        List.of(0L, 0L),
                        1L,
                        false,
                        false,
                        true,
                        true);
        assertThat(conv).isEqualTo(t(1L, 64L, 112L, 112L));
        // transposed, stride 2, padding 1, output padding 1, kernel 3: (5 - 1) * 2 - 2 + 2 + 1 + 1
        // = 10
        Object up =
                out(
                        "_convolution",
                        t(1L, 4L, 5L, 5L),
                        t(4L, 6L, 3L, 3L),
                        Value.NONE,
                        List.of(2L, 2L),
                        List.of(1L, 1L),
                        List.of(1L, 1L),
                        true,
                        List.of(1L, 1L),
                        1L,
                        false,
                        false,
                        true,
                        true);
        assertThat(up).isEqualTo(t(1L, 6L, 10L, 10L));
        assertThat(
                        macs(
                                "_convolution",
                                t(1L, 4L, 5L, 5L),
                                t(4L, 6L, 3L, 3L),
                                Value.NONE,
                                List.of(2L, 2L),
                                List.of(1L, 1L),
                                List.of(1L, 1L),
                                true,
                                List.of(1L, 1L),
                                1L,
                                false,
                                false,
                                true,
                                true))
                .isEqualTo(100L * 6 * 9);
    }

    @Test
    void viewsAndPadding() {
        assertThat(out("view", t(2L, 3L, 4L), List.of(-1L, 4L))).isEqualTo(t(6L, 4L));
        // pad pairs run from the last axis: [0, 0, 0, 1, 0, 2] pads W by 1 and H by 2 of [1, 5, 5,
        // 8]
        assertThat(out("constant_pad_nd", t(1L, 5L, 5L, 8L), List.of(0L, 0L, 0L, 1L, 0L, 2L)))
                .isEqualTo(t(1L, 7L, 6L, 8L));
        assertThat(out("slice", t(4L, 10L), 1L, 2L, 9223372036854775807L, 3L)).isEqualTo(t(4L, 3L));
        assertThat(
                        out(
                                "max_pool2d",
                                t(1L, 64L, 112L, 112L),
                                List.of(3L, 3L),
                                List.of(2L, 2L),
                                List.of(1L, 1L),
                                List.of(1L, 1L),
                                false))
                .isEqualTo(t(1L, 64L, 56L, 56L));
    }

    @Test
    void einsumOfTwoOperandsIsTheProductOfItsIndexSizes() {
        assertThat(macs("einsum", "bsd,de->bse", List.of(t(2L, 6L, 16L), t(16L, 24L)), Value.NONE))
                .isEqualTo(2L * 6 * 16 * 24);
    }

    private static Tensor typed(String dtype, Long... dims) {
        return new Tensor(List.of(dims), dtype);
    }

    private static String type(Object output) {
        return ((Tensor) output).dtype();
    }

    /** torch.result_type's rules, checked with torch 1.13's own torch.result_type. */
    @Test
    void elementwiseResultsPromoteAsPyTorchDoes() {
        assertThat(type(out("add", typed("bfloat16", 4L), typed("float32", 4L))))
                .isEqualTo("float32");
        assertThat(type(out("mul", typed("float16", 4L), typed("bfloat16", 4L))))
                .isEqualTo("float32");
        // a 0-dimensional tensor of the same kind does not widen a dimensioned one
        assertThat(type(out("mul", typed("bfloat16", 4L), typed("float32")))).isEqualTo("bfloat16");
        // ... one of a higher kind does, with its own type
        assertThat(type(out("mul", typed("int64", 4L), typed("float64")))).isEqualTo("float64");
        assertThat(type(out("mul", typed("bfloat16"), typed("float16")))).isEqualTo("float32");
        assertThat(type(out("add", typed("int64", 4L), typed("float16", 4L)))).isEqualTo("float16");
        assertThat(type(out("eq", typed("float32", 4L), typed("float32", 4L)))).isEqualTo("bool");
    }

    @Test
    void castsTakeTheTypeTheyAreGiven() {
        // torch.to(x, 15) as traced code spells x.to(torch.bfloat16); dtype= as a keyword
        assertThat(type(out("to", t(4L), 15L, false, false, Value.NONE))).isEqualTo("bfloat16");
        assertThat(
                        type(
                                OpRules.output(
                                        OpArgs.bind(
                                                OpRules.find("to").orElseThrow(),
                                                List.of(t(4L)),
                                                Map.of("dtype", 5L)))))
                .isEqualTo("float16");
        assertThat(type(out("type_as", t(4L), typed("bfloat16", 2L)))).isEqualTo("bfloat16");
    }

    /** The type a product runs in: the weight's for quantized operands, else the floats'. */
    @Test
    void aProductRunsInItsOperandsType() {
        OpRules.Packed int8 =
                new OpRules.Packed(
                        "linear",
                        typed("qint8", 32L, 16L),
                        t(32L),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        1,
                        false);
        assertThat(
                        OpRules.operandType(
                                OpArgs.bind(
                                        OpRules.find("quantized::linear_dynamic").orElseThrow(),
                                        List.of(t(1L, 16L), int8),
                                        Map.of())))
                .isEqualTo("qint8");
        assertThat(
                        OpRules.operandType(
                                OpArgs.bind(
                                        OpRules.find("linear").orElseThrow(),
                                        List.of(
                                                typed("bfloat16", 1L, 16L),
                                                typed("bfloat16", 32L, 16L)),
                                        Map.of())))
                .isEqualTo("bfloat16");
        // a boolean mask beside fp32 operands does not make the product boolean
        assertThat(
                        OpRules.operandType(
                                OpArgs.bind(
                                        OpRules.find("scaled_dot_product_attention").orElseThrow(),
                                        List.of(
                                                t(1L, 4L, 8L),
                                                t(1L, 4L, 8L),
                                                t(1L, 4L, 8L),
                                                typed("bool", 4L, 4L)),
                                        Map.of())))
                .isEqualTo("float32");
    }
}
