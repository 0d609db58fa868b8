package org.effbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deviation command on the committed fixtures: a file against itself (hand-worked: no
 * difference, every top-1 the same), and the bf16 fixture against its fp32 twin, whose figures
 * PyTorch computed on the same seeded inputs (reference.json, bf16_saved's "deviation",
 * scripts/make_torchscript_fixtures.py deviation_reference).
 */
class DeviationCommandTest {

    private static final Path FIXTURES = Path.of("src/test/resources/torchscript");
    private static final String FP32 = "file:" + FIXTURES.resolve("tiny_cnn_fp32_1x3x16x16.pt");
    private static final String BF16 = "file:" + FIXTURES.resolve("bf16_saved_1x3x16x16.pt");

    @RegisterExtension final CapturedErr err = new CapturedErr();

    @TempDir Path dir;

    private JsonNode run(String reference, String model, String... more) throws Exception {
        Path out = dir.resolve("deviation-" + System.nanoTime() + ".json");
        List<String> call =
                new java.util.ArrayList<>(
                        List.of(
                                "deviation",
                                "--reference",
                                reference,
                                "--model",
                                model,
                                "--input",
                                "1x3x16x16",
                                "--format",
                                "json",
                                "--output",
                                out.toString()));
        call.addAll(List.of(more));
        assertThat(Main.run(call.toArray(String[]::new))).as(err.text()).isZero();
        return new ObjectMapper().readTree(Files.readString(out));
    }

    @Test
    void aFileAgainstItselfDiffersNowhere() throws Exception {
        JsonNode d = run(FP32, FP32, "--samples", "20", "--batch", "8");
        assertThat(d.get("samples").asLong()).as("8 + 8 + 4").isEqualTo(20);
        assertThat(d.get("max_abs_diff").asDouble()).isZero();
        assertThat(d.get("mean_abs_diff").asDouble()).isZero();
        assertThat(d.get("top1_agree").asLong()).isEqualTo(20);
        assertThat(d.get("top1_agreement").asDouble()).isEqualTo(1.0);
    }

    @Test
    void bf16AgainstItsFp32TwinDeviatesAsPyTorchComputed() throws Exception {
        JsonNode expected =
                new ObjectMapper()
                        .readTree(FIXTURES.resolve("reference.json").toFile())
                        .get("bf16_saved_1x3x16x16.pt")
                        .get("deviation");
        JsonNode d =
                run(
                        FP32,
                        BF16,
                        "--samples",
                        expected.get("samples").asText(),
                        "--batch",
                        expected.get("batch").asText(),
                        "--seed",
                        expected.get("seed").asText());
        assertThat(d.get("samples").asLong()).isEqualTo(expected.get("samples").asLong());
        // PyTorch 1.13 computed them, libtorch 2.7.1 runs here: the same inputs (the same
        // generator and normal kernel), bf16 kernels that may round a little differently
        double max = expected.get("max_abs_diff").asDouble();
        double mean = expected.get("mean_abs_diff").asDouble();
        assertThat(d.get("max_abs_diff").asDouble()).isCloseTo(max, within(max * 0.01));
        assertThat(d.get("mean_abs_diff").asDouble()).isCloseTo(mean, within(mean * 0.01));
        double scale = expected.get("mean_abs_reference").asDouble();
        assertThat(d.get("mean_abs_reference").asDouble()).isCloseTo(scale, within(scale * 1e-6));
        assertThat(d.get("top1_agree").asLong()).isEqualTo(expected.get("top1_agree").asLong());
    }

    @Test
    void badInputIsOneLineExitTwo() throws Exception {
        int code =
                Main.run(
                        "deviation",
                        "--reference",
                        "resnet50",
                        "--model",
                        FP32,
                        "--input",
                        "1x3x16x16");
        assertThat(code).isEqualTo(Main.BAD_INPUT);
        assertThat(err.text())
                .startsWith(
                        "benchmarks.jar: --reference resnet50 is not accepted; accepted: a TorchScript file");
        assertThat(err.text().strip().lines()).hasSize(1);
        err.reset();
        code =
                Main.run(
                        "deviation",
                        "--reference",
                        FP32,
                        "--model",
                        BF16,
                        "--input",
                        "1x3x16x16",
                        "--samples",
                        "0");
        assertThat(code).isEqualTo(Main.BAD_INPUT);
        assertThat(err.text())
                .startsWith(
                        "benchmarks.jar: --samples 0 is not accepted; accepted: a whole number >= 1");
        assertThat(err.text().strip().lines()).hasSize(1);
    }
}
