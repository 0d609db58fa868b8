package org.effbench.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.effbench.operators.OperatorCounter.Count;
import org.effbench.operators.OperatorCounter.Kind;
import org.junit.jupiter.api.Test;

/** Closed forms on hand-checked shapes. */
class OperatorCounterTest {

    private static OpEvent op(String name, List<Long>... shapes) {
        return new OpEvent(name, 0, 1, 1, List.of(shapes));
    }

    private static long macs(OpEvent op) {
        return OperatorCounter.matrix(op, Optional.empty()).macs();
    }

    @Test
    void quantizedOperatorsHaveTheirOwnRulesWhoseWeightsTheTraceDoesNotShow() {
        assertThat(OperatorCounter.kind("aten::linear")).isEqualTo(OperatorCounter.Kind.MATRIX);
        assertThat(OperatorCounter.kind("quantized::linear"))
                .isEqualTo(OperatorCounter.Kind.MATRIX);
        // the packed weight is recorded without a shape: not known, never a silent zero
        assertThat(
                        OperatorCounter.matrix(
                                        op(
                                                "quantized::linear_dynamic",
                                                List.of(2L, 16L),
                                                List.of(),
                                                List.of()),
                                        Optional.empty())
                                .known())
                .isFalse();
        assertThat(OperatorCounter.kind("aten::q_scale")).isEqualTo(OperatorCounter.Kind.FREE);
        assertThat(OperatorCounter.kind("forward")).isEqualTo(OperatorCounter.Kind.UNKNOWN);
    }

    @Test
    void matrixProducts() {
        // linear: rows x in x out = (2*5) x 4 x 3
        assertThat(macs(op("aten::linear", List.of(2L, 5L, 4L), List.of(3L, 4L), List.of(3L))))
                .isEqualTo(120);
        // addmm(bias, [M,K], [K,N]) = M K N
        assertThat(macs(op("aten::addmm", List.of(3L), List.of(2L, 4L), List.of(4L, 3L))))
                .isEqualTo(24);
        assertThat(macs(op("aten::mm", List.of(5L, 6L), List.of(6L, 7L)))).isEqualTo(210);
        // bmm: B M K N
        assertThat(macs(op("aten::bmm", List.of(12L, 16L, 64L), List.of(12L, 64L, 16L))))
                .isEqualTo(12 * 16 * 64 * 16);
        // matmul broadcasts leading dimensions: [2,1,3,4] x [5,4,6] -> 2 x 5 batches of 3x4x6
        assertThat(macs(op("aten::matmul", List.of(2L, 1L, 3L, 4L), List.of(5L, 4L, 6L))))
                .isEqualTo(2 * 5 * 3 * 4 * 6);
        assertThat(macs(op("aten::matmul", List.of(7L), List.of(7L)))).isEqualTo(7);
        assertThat(macs(op("aten::mv", List.of(3L, 4L), List.of(4L)))).isEqualTo(12);
        // baddbmm(input, b1, b2)
        assertThat(
                        macs(
                                op(
                                        "aten::baddbmm",
                                        List.of(2L, 3L, 5L),
                                        List.of(2L, 3L, 4L),
                                        List.of(2L, 4L, 5L))))
                .isEqualTo(120);
    }

    @Test
    void convolutionsWithAndWithoutTheOutputSize() {
        OpEvent conv =
                op(
                        "aten::conv2d",
                        List.of(1L, 3L, 224L, 224L),
                        List.of(64L, 3L, 7L, 7L),
                        List.of());
        // ResNet's stem: 7x7 stride 2 to 112x112 -> 118,013,952 MACs (the static profile's figure)
        Count derived = OperatorCounter.matrix(conv, Optional.of(List.of(1L, 64L, 112L, 112L)));
        assertThat(derived).isEqualTo(new Count(118_013_952L, 0, false));
        // the trace records no stride: without the output shape the count is not known
        assertThat(OperatorCounter.matrix(conv, Optional.empty()).known()).isFalse();
        // depthwise 3x3 on 32 channels, 112x112 out: weight [32, 1, 3, 3]
        OpEvent depthwise =
                op("aten::conv2d", List.of(1L, 32L, 112L, 112L), List.of(32L, 1L, 3L, 3L));
        assertThat(
                        OperatorCounter.matrix(depthwise, Optional.of(List.of(1L, 32L, 112L, 112L)))
                                .macs())
                .isEqualTo(32L * 112 * 112 * 9);
        // transposed: every input element times out-channels-per-group times kernel
        OpEvent up = op("aten::conv_transpose2d", List.of(1L, 8L, 4L, 4L), List.of(8L, 2L, 3L, 3L));
        assertThat(macs(up)).isEqualTo(8L * 16 * 2 * 9);
    }

    @Test
    void aRecurrentLayerMultipliesBothWeightsAtEveryStep() {
        // LSTM 1024 -> 1024 over 4 steps, batch 2: 4 x 2 x (4096 x 1024 + 4096 x 1024)
        OpEvent lstm =
                op(
                        "aten::mkldnn_rnn_layer",
                        List.of(4L, 2L, 1024L),
                        List.of(4096L, 1024L),
                        List.of(4096L, 1024L),
                        List.of(4096L),
                        List.of(4096L),
                        List.of(2L, 1024L),
                        List.of(2L, 1024L));
        assertThat(macs(lstm)).isEqualTo(8L * 2 * 4096 * 1024);
    }

    @Test
    void attentionIsTwoProducts() {
        List<Long> q = List.of(2L, 12L, 128L, 64L);
        assertThat(macs(op("aten::scaled_dot_product_attention", q, q, q)))
                .isEqualTo(2 * (2L * 12 * 128 * 128 * 64));
    }

    @Test
    void elementwiseByConventionAndKinds() {
        assertThat(OperatorCounter.elementwise(op("aten::layer_norm", List.of(2L, 10L), List.of())))
                .isEqualTo(new Count(0, 100, false));
        assertThat(OperatorCounter.kind("aten::addmm")).isEqualTo(Kind.MATRIX);
        assertThat(OperatorCounter.kind("aten::relu_")).isEqualTo(Kind.ELEMENTWISE);
        assertThat(OperatorCounter.kind("aten::view")).isEqualTo(Kind.FREE);
        assertThat(OperatorCounter.kind("aten::lstm")).isEqualTo(Kind.MATRIX);
        assertThat(OperatorCounter.kind("aten::silu_")).isEqualTo(Kind.ELEMENTWISE);
        assertThat(OperatorCounter.kind("aten::dropout_")).isEqualTo(Kind.FREE);
        assertThat(OperatorCounter.kind("aten::unsafe_chunk")).isEqualTo(Kind.FREE);
        assertThat(OperatorCounter.kind("aten::hardsigmoid")).isEqualTo(Kind.ELEMENTWISE);
        assertThat(OperatorCounter.kindName("aten::linear")).isEqualTo("linear");
    }

    @Test
    void missingShapesGiveAnUnknownCount() {
        Count c = macs0(op("aten::mm", List.of(), List.of()));
        assertThat(c.known()).isFalse();
    }

    /**
     * libtorch 2.7's TorchScript interpreter recorded {@code x + l(x)}'s linear as [[1, 8], [1, 8],
     * [8, 8], [8]] (seen in a trace of a fixture): the skip operand in front of linear's three
     * arguments. Operands are bound from the end by the schema.
     */
    @Test
    void operandsAreTheLastRecordedShapesByTheSchema() {
        OpEvent linear =
                op("aten::linear", List.of(1L, 8L), List.of(1L, 8L), List.of(8L, 8L), List.of(8L));
        assertThat(macs(linear)).isEqualTo(64);
        // _convolution has 13 arguments; a live [1, 8] recorded in front of them
        List<List<Long>> shapes =
                new java.util.ArrayList<>(
                        List.of(
                                List.of(1L, 8L),
                                List.of(1L, 4L, 5L, 5L),
                                List.of(4L, 6L, 3L, 3L),
                                List.of(6L)));
        for (int i = 0; i < 10; i++) {
            shapes.add(List.of());
        }
        OpEvent conv = new OpEvent("aten::_convolution", 0, 1, 1, shapes);
        // transposed: 100 input elements x 6 out channels x 9
        assertThat(OperatorCounter.matrix(conv, Optional.empty(), Optional.of(true)).macs())
                .isEqualTo(100L * 6 * 9);
    }

    private static Count macs0(OpEvent op) {
        return OperatorCounter.matrix(op, Optional.empty());
    }
}
