package org.effbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv2dTranspose;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.effbench.base.Dtype;
import org.effbench.engine.TorchEngine;
import org.effbench.model.layers.ActivationBlock;
import org.effbench.model.layers.ConcatBlock;
import org.effbench.model.layers.ResidualAddBlock;
import org.effbench.model.layers.SelfAttentionBlock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Closed-form counts per layer kind, and the liveness peak on hand-checked graphs. */
class LayerCountsTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
        manager = NDManager.newBaseManager(TorchEngine.NAME);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void linearIsBatchTimesInTimesOut() {
        Trace t = trace(Linear.builder().setUnits(30).build(), new Shape(5, 20));
        assertThat(only(t).macs()).isEqualTo(5L * 20 * 30);
        assertThat(only(t).params()).isEqualTo(20L * 30 + 30);
    }

    @Test
    void depthwiseConvolution() {
        // 32 channels, 3x3, stride 1, padding 1 on 14x14: each output element sees 1 channel x 9
        // weights
        Block conv = conv(32, 3, 1, 1, 32, false);
        Trace t = trace(conv, new Shape(2, 32, 14, 14));
        assertThat(only(t).kind()).isEqualTo("Conv2d depthwise");
        assertThat(only(t).macs()).isEqualTo(2L * 32 * 14 * 14 * 9);
        assertThat(only(t).params()).isEqualTo(32L * 9);
    }

    @Test
    void groupedStridedConvolution() {
        // 64 -> 128 channels in 4 groups, 3x3, stride 2, padding 1, 16x16 -> 8x8, with bias
        Trace t = trace(conv(128, 3, 2, 1, 4, true), new Shape(1, 64, 16, 16));
        assertThat(only(t).output().shape()).isEqualTo(new Shape(1, 128, 8, 8));
        assertThat(only(t).macs()).isEqualTo(128L * 8 * 8 * (64 / 4) * 9);
        assertThat(only(t).params()).isEqualTo(128L * 16 * 9 + 128);
        assertThat(only(t).settings()).isEqualTo("3x3 s2 p1 g4 bias");
    }

    @Test
    void transposedConvolutionCountsPerInputElement() {
        Block deconv =
                Conv2dTranspose.builder()
                        .setFilters(8)
                        .setKernelShape(new Shape(2, 2))
                        .optStride(new Shape(2, 2))
                        .optBias(false)
                        .build();
        Trace t = trace(deconv, new Shape(1, 4, 5, 5));
        assertThat(only(t).output().shape()).isEqualTo(new Shape(1, 8, 10, 10));
        assertThat(only(t).macs()).isEqualTo(4L * 5 * 5 * 8 * 4);
    }

    @Test
    void attentionAtSequenceLengthS() {
        int s = 10;
        int hidden = 64;
        Trace t = trace(new SelfAttentionBlock(hidden, 4), new Shape(3, s, hidden));
        long projections = 4L * 3 * s * hidden * hidden;
        long products = 2L * 3 * s * s * hidden; // QK^T and AV, each batch x s x s x hidden
        assertThat(t.ops().stream().mapToLong(LayerOp::macs).sum())
                .isEqualTo(projections + products);
        assertThat(t.ops())
                .extracting(LayerOp::name)
                .containsExactly(
                        "query", "key", "value", "scores", "softmax", "context", "merge", "output");
        assertThat(t.ops().get(3).output().shape()).isEqualTo(new Shape(3, 4, s, s));
    }

    @Test
    void lstmCountsEveryGateOfEveryLayerAtEveryStep() {
        // torch.nn.LSTM(8, 16, 2): layer 1 4*16*(8+16), layer 2 4*16*(16+16), per sample and step
        Trace t =
                trace(
                        LSTM.builder().setStateSize(16).setNumLayers(2).optBatchFirst(true).build(),
                        new Shape(3, 5, 8));
        assertThat(only(t).macs()).isEqualTo(3L * 5 * (4 * 16 * (8 + 16) + 4 * 16 * (16 + 16)));
        assertThat(only(t).elementwiseOps()).isEqualTo(3L * 5 * 2 * 16 * ElementwiseCost.LSTM_CELL);
    }

    @Test
    void gruHasThreeGates() {
        Trace t =
                trace(
                        GRU.builder().setStateSize(16).setNumLayers(1).optBatchFirst(true).build(),
                        new Shape(1, 7, 8));
        assertThat(only(t).macs()).isEqualTo(7L * 3 * 16 * (8 + 16));
    }

    /**
     * in(16) -> Linear(8) a(32) -> ReLU b(32) -> Linear(2) out(8): peak a+b = 64 bytes at the ReLU.
     */
    @Test
    void peakOfAChain() {
        Block chain =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(8).build())
                        .add(new ActivationBlock(ActivationBlock.Kind.RELU))
                        .add(Linear.builder().setUnits(2).build());
        PeakMemory peak = PeakMemory.of(trace(chain, new Shape(1, 4)));
        assertThat(peak).isEqualTo(new PeakMemory(64, "1"));
    }

    /**
     * x(32) -> residual(body = Linear(8) h1(32) -> ReLU h2(32)) -> add in place into h2: the branch
     * keeps x alive through the body, so the peak is x + h1 + h2 = 96 at the ReLU; the same layers
     * without the residual peak at h1 + h2 = 64.
     */
    @Test
    void aResidualBranchKeepsItsInputAlive() {
        Block body =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(8).build())
                        .add(new ActivationBlock(ActivationBlock.Kind.RELU));
        Trace residual = trace(new ResidualAddBlock(body), new Shape(1, 8));
        assertThat(PeakMemory.of(residual)).isEqualTo(new PeakMemory(96, "body.1"));
        assertThat(residual.ops().get(2).allocates()).as("add is in place").isFalse();

        Block plain =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(8).build())
                        .add(new ActivationBlock(ActivationBlock.Kind.RELU));
        assertThat(PeakMemory.of(trace(plain, new Shape(1, 8))).bytes()).isEqualTo(64);
    }

    /**
     * x(32) -> a = Linear(4)(16), b = Linear(6)(24), concat(40): a and b live until the concat:
     * 16+24+40 = 80.
     */
    @Test
    void aConcatenationKeepsItsPartsAlive() {
        Block concat =
                new ConcatBlock(
                        1,
                        List.of(
                                Linear.builder().setUnits(4).build(),
                                Linear.builder().setUnits(6).build()));
        Trace t = trace(concat, new Shape(1, 8));
        assertThat(t.ops()).extracting(LayerOp::name).containsExactly("branch0", "branch1", "");
        assertThat(PeakMemory.of(t)).isEqualTo(new PeakMemory(80, ""));
    }

    @Test
    void activationBytesFollowTheDtype() {
        Block chain =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(8).build())
                        .add(new ActivationBlock(ActivationBlock.Kind.RELU));
        chain.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        assertThat(
                        PeakMemory.of(
                                        BlockTracer.trace(
                                                chain,
                                                new Shape(1, 4),
                                                DataType.FLOAT32,
                                                Dtype.INT8))
                                .bytes())
                .isEqualTo(16);
    }

    @Test
    void anUnknownBlockIsListedAndTheTotalsSayPartial() {
        Block chain =
                new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(new Mystery());
        Trace t = trace(chain, new Shape(1, 4));
        assertThat(t.complete()).isFalse();
        assertThat(t.unsupported()).containsExactly("1 (Mystery)");
        assertThat(t.ops().get(1).understood()).isFalse();
        assertThat(t.ops().get(1).settings()).isEqualTo("not understood");
    }

    @Test
    void anInputThatDoesNotFitNamesTheLayer() {
        Block chain =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(8).build())
                        .add(Linear.builder().setUnits(2).build());
        chain.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        assertThatThrownBy(
                        () ->
                                BlockTracer.trace(
                                        chain, new Shape(1, 5), DataType.FLOAT32, Dtype.FP32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "input does not fit the model: layer 0 (Linear) cannot take (1, 5): "
                                + "input with 5 features does not fit a Linear layer expecting 4");
    }

    @Test
    void dtypesAreParsedWithTheAcceptedList() {
        assertThat(Dtype.parse("BF16")).isEqualTo(Dtype.BF16);
        assertThat(Dtype.INT8.opsName()).isEqualTo("OPs");
        assertThatThrownBy(() -> Dtype.parse("fp8"))
                .hasMessage("unknown dtype 'fp8'; accepted: fp32, fp16, bf16, int8, int4");
    }

    private static Block conv(
            int filters, int kernel, int stride, int padding, int groups, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optGroups(groups)
                .optBias(bias)
                .build();
    }

    private static Trace trace(Block block, Shape input) {
        block.initialize(manager, DataType.FLOAT32, input);
        return BlockTracer.trace(block, input, DataType.FLOAT32, Dtype.FP32);
    }

    private static LayerOp only(Trace t) {
        assertThat(t.ops()).hasSize(1);
        return t.ops().get(0);
    }

    /** A block kind the counter has never heard of. */
    private static final class Mystery extends AbstractBlock {
        @Override
        protected NDList forwardInternal(
                ParameterStore ps,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            return inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }
}
