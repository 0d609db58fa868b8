package org.effbench.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import org.effbench.engine.TorchEngine;
import org.effbench.model.TorchScriptModel;
import org.effbench.operators.OperatorProfile;
import org.effbench.operators.OperatorProfiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trace counter, fixed (operands bound by schema, passes separated), agrees with the code
 * counter on the shapes that used to be miscounted, and gives the same MACs per pass whether one,
 * two or five passes are profiled.
 */
class TraceAgreementTest {

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "residual_left_1x8.pt, 1x8",
        "residual_right_1x8.pt, 1x8",
        "dense_concat_1x4x8x8.pt, 1x4x8x8",
        "conv1d_1x4x20.pt, 1x4x20",
        "convtranspose_scripted_1x4x5x5.pt, 1x4x5x5",
        "convtranspose_traced_1x4x5x5.pt, 1x4x5x5",
        "mha_grad_1x5x16.pt, 1x5x16",
        "mha_nograd_1x5x16.pt, 1x5x16",
        "transformer_encoder_grad_1x5x16.pt, 1x5x16",
        "transformer_encoder_nograd_1x5x16.pt, 1x5x16",
        "lstm_bidir_2layer_1x5x8.pt, 1x5x8",
        "gru_bidir_2layer_1x5x8.pt, 1x5x8",
        "tied_embedding_1x6_int64.pt, 1x6:int64",
        "embedding_mlp_1x6_int64.pt, 1x6:int64",
        "int8_dynamic_mlp_1x16.pt, 1x16",
        "layer_scale_1x8x4x4.pt, 1x8x4x4",
        "matmul_broadcast_1x4x6x8.pt, 1x4x6x8",
        "scripted_control_flow_1x6x8.pt, 1x6x8",
        "tiny_attention_1x8_int64.pt, 1x8:int64",
        "tiny_lstm_1x5x16.pt, 1x5x16",
        "small_cnn_1x3x32x32.pt, 1x3x32x32",
        "tiny_einsum_1x6x16.pt, 1x6x16",
    })
    void theTraceAgreesWithTheCodeAtAnyNumberOfPasses(String file, String input) {
        long code = CodeCounterTest.count(file, input).macs();
        try (TorchScriptModel model =
                TorchScriptModel.load("file:src/test/resources/torchscript/" + file, input)) {
            for (int passes : new int[] {1, 2, 5}) {
                OperatorProfile p = OperatorProfiler.profile(model, 1, passes, false);
                assertThat(p.notUnderstood()).as("passes %d", passes).isEmpty();
                assertThat(p.macs()).as("passes %d", passes).isEqualTo(code);
            }
        }
    }
}
