package org.effbench.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.effbench.operators.ChromeTraceTest.event;
import static org.effbench.operators.ChromeTraceTest.trace;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorProfileTest {

    /**
     * Two passes of: conv (output size seen at the batch norm), linear calling addmm, an unknown
     * kind.
     */
    private static final String TWO_PASSES =
            trace(
                    event(
                            "aten::conv2d",
                            0,
                            100,
                            "[[1, 3, 8, 8], [4, 3, 3, 3], [], [], [], [], []]"),
                    event("aten::mkldnn_convolution", 5, 90, "[[1, 3, 8, 8], [4, 3, 3, 3], []]"),
                    event(
                            "aten::batch_norm",
                            110,
                            10,
                            "[[1, 4, 4, 4], [4], [4], [4], [4], [], [], [], []]"),
                    event("aten::linear", 130, 50, "[[1, 64], [10, 64], [10]]"),
                    event("aten::addmm", 135, 40, "[[10], [1, 64], [64, 10], [], []]"),
                    event("custom::mystery", 190, 10, "[[1, 10]]"),
                    event(
                            "aten::conv2d",
                            1000,
                            120,
                            "[[1, 3, 8, 8], [4, 3, 3, 3], [], [], [], [], []]"),
                    event(
                            "aten::mkldnn_convolution",
                            1005,
                            110,
                            "[[1, 3, 8, 8], [4, 3, 3, 3], []]"),
                    event(
                            "aten::batch_norm",
                            1130,
                            10,
                            "[[1, 4, 4, 4], [4], [4], [4], [4], [], [], [], []]"),
                    event("aten::linear", 1150, 50, "[[1, 64], [10, 64], [10]]"),
                    event("aten::addmm", 1155, 40, "[[10], [1, 64], [64, 10], [], []]"),
                    event("custom::mystery", 1210, 10, "[[1, 10]]"));

    private static OperatorProfile profile(boolean allOps) {
        return OperatorProfile.of(
                "m", "1x3x8x8", 1, ChromeTrace.parse(TWO_PASSES), 2, allOps, 2 * 250.0, 240.0);
    }

    private static OperatorRow row(OperatorProfile p, String name) {
        return p.rows().stream().filter(r -> r.operator().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void countsEachProductOnceAtTheOutermostOperatorPerPass() {
        OperatorProfile p = profile(false);

        // conv: 4 out channels x 4x4 output (from the batch norm's input) x 3x3x3 = 1,728 MACs
        assertThat(row(p, "aten::conv2d").macs()).isEqualTo(1_728);
        assertThat(row(p, "aten::conv2d").estimate()).isFalse();
        assertThat(row(p, "aten::mkldnn_convolution").macs()).isZero();
        // linear 1 x 64 x 10, not again in its addmm
        assertThat(row(p, "aten::linear").macs()).isEqualTo(640);
        assertThat(row(p, "aten::addmm").macs()).isZero();
        assertThat(p.macs()).isEqualTo(2_368);
        assertThat(p.flops()).isEqualTo(4_736);
        assertThat(p.notUnderstood()).containsExactly("custom::mystery");
    }

    @Test
    void timesArePerPassAndSharesAddUp() {
        OperatorProfile p = profile(false);

        assertThat(row(p, "aten::conv2d").calls()).isEqualTo(1.0);
        assertThat(row(p, "aten::conv2d").selfMicros()).isEqualTo(10.0); // (10 + 10) / 2
        assertThat(row(p, "aten::mkldnn_convolution").selfMicros())
                .isEqualTo(100.0); // (90 + 110) / 2
        assertThat(row(p, "aten::conv2d").countedMicros()).isEqualTo(110.0);
        // GFLOP/s over the counted calls' inclusive time: 3,456 FLOPs in 110 µs
        assertThat(row(p, "aten::conv2d").gflops())
                .isCloseTo(3_456 / 110e3, org.assertj.core.data.Offset.offset(1e-12));
        // inside operators per pass: conv 110 + bn 10 + linear 50 + mystery 10 = 180 µs of 250
        assertThat(p.operatorMicrosPerPass()).isEqualTo(180.0);
        assertThat(p.outsideMicrosPerPass()).isEqualTo(70.0);
        assertThat(p.outsideMicrosPerPassLowerBound()).isEqualTo(60.0); // unprofiled 240 µs

        assertThat(p.rows().get(0).operator())
                .isEqualTo("aten::mkldnn_convolution"); // most self time first
    }

    @Test
    void elementwiseWorkOnlyWithAllOps() {
        assertThat(row(profile(false), "aten::batch_norm").flops()).isZero();
        // batch norm: 2 per element of 1x4x4x4
        assertThat(row(profile(true), "aten::batch_norm").flops()).isEqualTo(128);
    }

    @Test
    void theReportsShowEveryRowAndTheTotals() {
        OperatorProfile p = profile(false);
        String table = OperatorReport.table(p);
        assertThat(table)
                .contains("aten::conv2d")
                .contains("Total inside operators")
                .contains("NOT UNDERSTOOD (their work is not in the totals): custom::mystery")
                .contains(
                        "Outside libtorch operators (Java, JNI, freeing tensors): 60.0 to 70.0 us per pass, 25.00% to 28.00% of the pass");
        List<String> lines = OperatorReport.csv(p).lines().toList();
        assertThat(lines.get(0))
                .isEqualTo(
                        "operator,calls_per_pass,self_ms,self_pct,counted_ms,macs,flops,gflops_per_s,estimate");
        // header, the six operators of the trace (conv2d, mkldnn_convolution, batch_norm, linear,
        // addmm, mystery), TOTAL
        assertThat(lines).hasSize(8);
        assertThat(lines.get(lines.size() - 1)).startsWith("TOTAL,,0.1800,100.00,,2368,4736,");
    }

    private static OperatorRow convOf(String... events) {
        OperatorProfile p =
                OperatorProfile.of(
                        "m", "x", 1, ChromeTrace.parse(trace(events)), 1, false, 100, 100);
        return row(p, "aten::conv2d");
    }

    /**
     * A convolution whose consumer records no tensors (a concatenation's list) takes no later
     * tensor's shape.
     */
    @Test
    void theSearchForAConvolutionsOutputStopsAtItsConsumer() {
        // DenseNet: conv 3x3 pad 1 on 8x8 (output 8x8), then cat([...], 1) recorded as [[], []],
        // then the next
        // block's 4x4 tensor with the same 4 channels: taking it would count 4 x 16 x 27 instead of
        // 4 x 64 x 27
        OperatorRow conv =
                convOf(
                        event(
                                "aten::conv2d",
                                0,
                                10,
                                "[[1, 3, 8, 8], [4, 3, 3, 3], [], [], [], [], []]"),
                        event("aten::cat", 20, 5, "[[], []]"),
                        event("aten::relu", 30, 5, "[[1, 4, 4, 4]]"));
        assertThat(conv.macs()).isEqualTo(4L * 64 * 27);
        assertThat(conv.estimate()).isTrue(); // the output taken to be the input's size
    }

    /** A tensor larger than the convolution's input in the next call is another tensor. */
    @Test
    void aLargerTensorInTheNextCallIsNotTheOutput() {
        // MaxViT: the shortcut's 1x1 conv on 4x4, then the main branch's batch norm reads the
        // block's 8x8 input
        OperatorRow conv =
                convOf(
                        event(
                                "aten::conv2d",
                                0,
                                10,
                                "[[1, 4, 4, 4], [4, 4, 1, 1], [], [], [], [], []]"),
                        event(
                                "aten::batch_norm",
                                20,
                                5,
                                "[[1, 4, 8, 8], [4], [4], [4], [4], [], [], [], []]"));
        assertThat(conv.macs()).isEqualTo(4L * 16 * 4);
    }

    /**
     * A call on scalars in between (ViT's n_h * n_w, the conv output recorded in front of them) is
     * passed over.
     */
    @Test
    void aCallOnScalarsIsNotTheConsumer() {
        // ViT's patch embedding: 32x32 stride 32 on 224 gives 7x7
        OperatorRow conv =
                convOf(
                        event(
                                "aten::conv2d",
                                0,
                                10,
                                "[[1, 3, 224, 224], [768, 3, 32, 32], [], [], [], [], []]"),
                        event("aten::mul", 20, 1, "[[1, 768, 7, 7], [], [], [], []]"),
                        event("aten::reshape", 30, 1, "[[1, 768, 7, 7], []]"));
        assertThat(conv.macs()).isEqualTo(768L * 49 * 3 * 32 * 32);
        assertThat(conv.estimate()).isFalse();
    }
}
