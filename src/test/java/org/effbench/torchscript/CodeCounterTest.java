package org.effbench.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.effbench.base.ComputeDtype;
import org.effbench.counting.Value;
import org.effbench.model.TorchScriptModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The counter that reads a file's code, on the committed fixtures
 * (scripts/make-torchscript-fixtures.sh, torch 1.13, seeded). Reference MACs and parameters come
 * from PyTorch itself: forward hooks on the eager modules and {@code model.parameters()}, written
 * to reference.json by the same script; a few are also worked out by hand below.
 */
class CodeCounterTest {

    private static final Path DIR = Path.of("src/test/resources/torchscript");

    static CodeCount count(String file, String input) {
        return CodeCounter.count(TorchScriptArchive.read(DIR.resolve(file)), inputs(input));
    }

    static List<Value.Tensor> inputs(String spec) {
        List<TorchScriptModel.Input> parsed = TorchScriptModel.parseInputs(spec);
        return TorchScriptInputs.of(parsed, (int) parsed.get(0).shape().get(0));
    }

    static Stream<Arguments> reference() throws IOException {
        JsonNode root = new ObjectMapper().readTree(DIR.resolve("reference.json").toFile());
        List<Arguments> out = new ArrayList<>();
        root.fields()
                .forEachRemaining(
                        e -> {
                            String file = e.getKey();
                            // a data-dependent branch is tested on its own below
                            if (!file.startsWith("scripted_data_branch")) {
                                out.add(
                                        Arguments.of(
                                                file,
                                                e.getValue().get("input").asText(),
                                                e.getValue().get("params").asLong(),
                                                e.getValue().get("macs").asLong()));
                            }
                        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reference")
    void macsAndParametersEqualPyTorchsOwn(String file, String input, long params, long macs) {
        CodeCount c = count(file, input);
        assertThat(c.unresolved()).isNull();
        assertThat(c.notUnderstood()).isEmpty();
        assertThat(c.complete()).isTrue();
        assertThat(c.macs()).isEqualTo(macs);
        assertThat(c.parameters() + c.packedWeights()).isEqualTo(params);
    }

    static Stream<Arguments> referenceDtypes() throws IOException {
        JsonNode root = new ObjectMapper().readTree(DIR.resolve("reference.json").toFile());
        List<Arguments> out = new ArrayList<>();
        root.fields()
                .forEachRemaining(
                        e -> {
                            Map<String, Long> split = new LinkedHashMap<>();
                            e.getValue()
                                    .get("dtype_macs")
                                    .fields()
                                    .forEachRemaining(
                                            d -> split.put(d.getKey(), d.getValue().asLong()));
                            out.add(
                                    Arguments.of(
                                            e.getKey(),
                                            e.getValue().get("input").asText(),
                                            e.getValue().get("dtype").asText(),
                                            split));
                        });
        return out.stream();
    }

    /**
     * The dtype each file's products computed in, against PyTorch's own view: reference.json's
     * dtype_macs are the MACs a TorchDispatchMode saw per operand dtype in an eager pass (casts in
     * forward, weights saved in bf16, autocast, int8 packed weights). A count that stops early says
     * what it saw before the stop, marked partial.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceDtypes")
    void theDtypeOfEveryMacIsPyTorchsOwn(
            String file, String input, String dtype, Map<String, Long> split) {
        CodeCount c = count(file, input);
        ComputeDtype computed = c.dtype();
        if (file.startsWith("scripted_data_branch")) {
            // fc (8x8, fp32) runs before the branch the code cannot follow
            assertThat(computed.label()).isEqualTo(dtype);
            assertThat(computed.macs()).isEqualTo(Map.of("fp32", 64L));
            assertThat(computed.partial()).isTrue();
        } else {
            assertThat(computed.macs()).isEqualTo(split);
            assertThat(computed.label()).isEqualTo(dtype);
            assertThat(computed.partial()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // x + fc(x) then y + conv(y): linear 8x8 = 64; conv 2->2 3x3 pad 1 on 2x2: 8 outputs x 18 =
        // 144; 208 either order
        "residual_left_1x8.pt, 1x8, 208",
        "residual_right_1x8.pt, 1x8, 208",
        // ConvTranspose1d/2d, equal and unequal channels, grouped: each input element x C_out/g x
        // kernel
        "convtranspose_traced_1x4x5x5.pt, 1x4x5x5, 23400",
        "convtranspose_scripted_1x4x5x5.pt, 1x4x5x5, 23400",
        // the classic ResNet stem shape at small size: conv 3->8 3x3 at 32x32 = 221,184; conv 8->16
        // s2 at 8x8 = 73,728; linear 160
        "small_cnn_1x3x32x32.pt, 1x3x32x32, 295072",
    })
    void operandOrderAndTransposedConvolutionsDoNotChangeTheCount(
            String file, String input, long macs) {
        assertThat(count(file, input).macs()).isEqualTo(macs);
    }

    @Test
    void aCountScalesWithTheBatch() {
        List<TorchScriptModel.Input> in = TorchScriptModel.parseInputs("1x3x32x32");
        CodeCount one =
                CodeCounter.count(
                        TorchScriptArchive.read(DIR.resolve("small_cnn_1x3x32x32.pt")),
                        TorchScriptInputs.of(in, 1));
        CodeCount four =
                CodeCounter.count(
                        TorchScriptArchive.read(DIR.resolve("small_cnn_1x3x32x32.pt")),
                        TorchScriptInputs.of(in, 4));
        assertThat(four.macs()).isEqualTo(4 * one.macs());
    }

    @Test
    void tiedWeightsAreCountedOnceAndListed() {
        // embedding 50x16 shared with the output projection (its bias 50 is its own):
        // reference.json says 1,072
        CodeCount c = count("tied_embedding_1x6_int64.pt", "1x6:int64");
        assertThat(c.parameters()).isEqualTo(1072);
        assertThat(c.shared().values()).containsExactly(List.of("embed.weight", "out.weight"));
    }

    @Test
    void quantizedPackedWeightsAreCountedFromTheArchive() {
        // Linear 16->32 and 32->4 int8: 16*32 + 32*4 = 640 MACs (OPs = 2 x 640); 512 + 32 + 128 + 4
        // = 676 stored
        CodeCount c = count("int8_dynamic_mlp_1x16.pt", "1x16");
        assertThat(c.macs()).isEqualTo(640);
        assertThat(c.operators()).containsKey("quantized::linear_dynamic");
        assertThat(c.packedWeights()).isEqualTo(676);
        assertThat(c.parameters()).isZero();
    }

    @Test
    void aBranchOnTensorValuesIsNamedNotGuessed() {
        CodeCount c = count("scripted_data_branch_1x8.pt", "1x8");
        assertThat(c.complete()).isFalse();
        assertThat(c.unresolved()).contains("depends on tensor values").contains(":13");
    }

    @Test
    void notATorchScriptArchiveIsOneLine() {
        assertThat(
                        org.assertj.core.api.Assertions.catchThrowable(
                                () -> TorchScriptArchive.read(Path.of("pom.xml"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pom.xml");
    }
}
