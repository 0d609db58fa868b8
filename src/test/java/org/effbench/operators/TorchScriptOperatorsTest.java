package org.effbench.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.effbench.engine.TorchEngine;
import org.effbench.model.TorchScriptModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Users' TorchScript files (fixtures made by scripts/make-torchscript-fixtures.sh with torch 1.13)
 * get operator-level counts from the shapes alone; the expected MACs are worked out by hand from
 * the architectures in scripts/make_torchscript_fixtures.py.
 */
class TorchScriptOperatorsTest {

    private static final String DIR = "src/test/resources/torchscript/";

    @TempDir Path tmp;

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // conv 3->8 3x3 at 32x32: 8*1024*27 = 221,184; conv 8->16 3x3 s2 at 8x8: 16*64*72 = 73,728;
        // linear 16*10 = 160
        "small_cnn_1x3x32x32.pt, 1x3x32x32, 295072",
        // qkv 8*32*96 = 24,576; QK^T and AV 2 x 4*8*8*8 = 4,096; out 8*32*32 = 8,192; head 32*2 =
        // 64
        "tiny_attention_1x8_int64.pt, 1x8:int64, 36928",
        // LSTM 5 steps x (128*16 + 128*32) = 30,720; head 32*4 = 128
        "tiny_lstm_1x5x16.pt, 1x5x16, 30848",
        // einsum calls bmm: projection 6*16*24 = 2,304; scores and mixing 2 x 6*6*24 = 1,728
        "tiny_einsum_1x6x16.pt, 1x6x16, 4032",
    })
    void operatorMacsOfATorchScriptFileMatchTheArchitecture(String file, String input, long macs) {
        try (TorchScriptModel model = TorchScriptModel.load("file:" + DIR + file, input)) {
            OperatorProfile p = OperatorProfiler.profile(model, 1, 1, false);
            assertThat(p.notUnderstood()).isEmpty();
            assertThat(p.estimated()).isFalse();
            assertThat(p.packedWeights()).isFalse();
            assertThat(p.macs()).isEqualTo(macs);
        }
    }

    /**
     * int8 weights packed where the trace shows no shape: a quantized linear layer is counted from
     * its input and its consumer's operand (the output), flagged as resting on that; at batch 2, 2
     * x (16 x 32 + 32 x 4) = 1,280 MACs.
     */
    @Test
    void quantizedLinearLayersAreCountedFromTheirOutputsAndFlagged() {
        try (TorchScriptModel model =
                TorchScriptModel.load("file:" + DIR + "int8_dynamic_mlp_1x16.pt", "1x16")) {
            OperatorProfile p = OperatorProfiler.profile(model, 2, 1, false);
            assertThat(p.rows())
                    .extracting(OperatorRow::operator)
                    .contains("quantized::linear_dynamic");
            assertThat(p.notUnderstood()).isEmpty();
            assertThat(p.macs()).isEqualTo(1_280);
            assertThat(p.estimated()).isTrue();
            assertThat(p.packedWeights()).isTrue();
            assertThat(model.parameterCount())
                    .isZero(); // DJL lists no packed weights; profile reads them from the archive
        }
    }

    @Test
    void parametersComeFromTheModule() {
        try (TorchScriptModel model =
                TorchScriptModel.load("file:" + DIR + "small_cnn_1x3x32x32.pt", "1x3x32x32")) {
            // conv 3*8*9+8, batch norm 8+8, conv 8*16*9+16, linear 16*10+10
            assertThat(model.parameterCount()).isEqualTo(224 + 16 + 1168 + 170);
        }
    }

    @Test
    void badFilesAndInputsAreNamedInOneLine() throws Exception {
        assertThatThrownBy(() -> TorchScriptModel.load("file:" + DIR + "missing.pt", "1x3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model file " + DIR + "missing.pt does not exist or is not a file");
        Path text = Files.writeString(tmp.resolve("notes.pt"), "not a model");
        assertThatThrownBy(() -> TorchScriptModel.load("file:" + text, "1x3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(text + " is not a TorchScript file libtorch can load: ");
        // libtorch's reason is the last line of a TorchScript traceback
        assertThatThrownBy(
                        () ->
                                TorchScriptModel.load(
                                        "file:" + DIR + "small_cnn_1x3x32x32.pt", "1x5x32x32"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        DIR
                                + "small_cnn_1x3x32x32.pt rejected input 1x5x32x32: Given groups=1, weight of size [8, 3, 3, 3], "
                                + "expected input[1, 5, 32, 32] to have 3 channels, but got 5 channels instead");
        assertThatThrownBy(
                        () ->
                                TorchScriptModel.load(
                                        "file:" + DIR + "small_cnn_1x3x32x32.pt",
                                        "1x3x32x32:int64"))
                .hasMessage(
                        DIR
                                + "small_cnn_1x3x32x32.pt rejected input 1x3x32x32:int64: expected scalar type Long but found Float");
        assertThatThrownBy(
                        () ->
                                TorchScriptModel.load(
                                        "file:" + DIR + "tiny_attention_1x8_int64.pt", "1x8"))
                .hasMessageStartingWith(
                        DIR
                                + "tiny_attention_1x8_int64.pt rejected input 1x8: Expected tensor for argument #1 "
                                + "'indices' to have one of the following scalar types: Long, Int; but got CPUFloatType instead");
        assertThatThrownBy(() -> TorchScriptModel.parseInputs("1x3:complex"))
                .hasMessageStartingWith(
                        "input '1x3:complex' is not accepted; accepted: dimensions >= 1 joined by x, batch first");
        assertThatThrownBy(() -> TorchScriptModel.parseInputs(""))
                .hasMessage(
                        "a file: model needs --input, e.g. 1x3x224x224 or 1x128:int64,1x128:int64");
    }
}
