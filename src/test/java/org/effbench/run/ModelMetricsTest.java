package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.effbench.engine.TorchEngine;
import org.effbench.metrics.ModelMetricsFile;
import org.effbench.metrics.StaticMetrics;
import org.effbench.model.ModelRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the post-processor knows of a TorchScript file, per batch size, and what it says when it
 * knows nothing.
 */
class ModelMetricsTest {

    private static final String CNN = "file:src/test/resources/torchscript/small_cnn_1x3x32x32.pt";
    private static final String BF16_SAVED =
            "file:src/test/resources/torchscript/bf16_saved_1x3x16x16.pt";
    private static final String BF16_MIXED =
            "file:src/test/resources/torchscript/bf16_mixed_1x3x16x16.pt";

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    @Test
    void aFileModelGetsOperatorMacsPerSampleAndModuleParametersAtEachBatch() {
        try (ModelMetrics cache = new ModelMetrics()) {
            for (int batch : new int[] {1, 4}) {
                StaticMetrics m = cache.of(CNN, "1x3x32x32:float32", batch).orElseThrow();
                // hand-worked in TorchScriptOperatorsTest: 295,072 MACs and 1,578 parameters per
                // sample
                assertThat(m.macsPerSample()).isEqualTo(295_072);
                assertThat(m.params()).isEqualTo(1_578);
                assertThat(m.inputBytesPerSample()).isEqualTo(3 * 32 * 32 * 4);
                assertThat(m.activationsPerSample()).isEmpty();
                assertThat(m.peakActivationBytes()).isEmpty();
                assertThat(m.caveat()).isEmpty();
                assertThat(m.dtype().macs()).isEqualTo(Map.of("fp32", 295_072L));
            }
            assertThat(cache.problems()).isEmpty();
        }
    }

    /**
     * int8 Linear 16->32 and 32->4: 640 MACs from the packed weights in the archive, 676 stored
     * elements.
     */
    @Test
    void packedInt8WeightsAreCountedFromTheArchive() {
        try (ModelMetrics cache = new ModelMetrics()) {
            StaticMetrics int8 =
                    cache.of(
                                    "file:src/test/resources/torchscript/int8_dynamic_mlp_1x16.pt",
                                    "1x16",
                                    1)
                            .orElseThrow();
            assertThat(int8.macsPerSample()).isEqualTo(640);
            assertThat(int8.params()).isEqualTo(676);
            assertThat(int8.caveat()).isEmpty();
            assertThat(int8.dtype().label()).isEqualTo("int8");
        }
    }

    /**
     * Tied weights once: embedding 50x16 shared with the output projection (reference.json: 1,072).
     */
    @Test
    void tiedWeightsAreCountedOnce() {
        try (ModelMetrics cache = new ModelMetrics()) {
            assertThat(
                            cache.of(
                                            "file:src/test/resources/torchscript/tied_embedding_1x6_int64.pt",
                                            "1x6:int64",
                                            1)
                                    .orElseThrow()
                                    .params())
                    .isEqualTo(1_072);
        }
    }

    /**
     * A branch on tensor values: the code stops there, the trace counts the branch taken, and says
     * so.
     */
    @Test
    void whatTheCountsRestOnTravelsWithThem() {
        try (ModelMetrics cache = new ModelMetrics()) {
            StaticMetrics m =
                    cache.of(
                                    "file:src/test/resources/torchscript/scripted_data_branch_1x8.pt",
                                    "1x8",
                                    1)
                            .orElseThrow();
            assertThat(m.caveat())
                    .startsWith("MACs from libtorch's trace: the code was not counted to the end")
                    .contains("depends on tensor values");
            // fc (8x8) runs before the branch: what the code saw, marked partial
            assertThat(m.dtype().macs()).isEqualTo(Map.of("fp32", 64L));
            assertThat(m.dtype().partial()).isTrue();
        }
    }

    /**
     * What each bf16 fixture computes in, per sample at batch 4 as at 1 (reference.json's
     * dtype_macs, from PyTorch's dispatcher: 97,280 MACs, 92,160 of them the bf16 convolutions).
     */
    @Test
    void aFileModelsDtypeIsWhatItsCodeComputesIn() {
        try (ModelMetrics cache = new ModelMetrics()) {
            for (int batch : new int[] {1, 4}) {
                assertThat(cache.of(BF16_SAVED, "1x3x16x16", batch).orElseThrow().dtype().macs())
                        .isEqualTo(Map.of("bf16", 97_280L));
                assertThat(cache.of(BF16_MIXED, "1x3x16x16", batch).orElseThrow().dtype().macs())
                        .isEqualTo(Map.of("bf16", 92_160L, "fp32", 5_120L));
            }
        }
    }

    @Test
    void aFileThatIsGoneGivesNoMetricsAndSaysWhy() {
        try (ModelMetrics cache = new ModelMetrics()) {
            assertThat(cache.of("file:gone.pt", "1x3", 1)).isEmpty();
            assertThat(cache.problems())
                    .containsExactly(
                            "no static metrics: model file gone.pt does not exist or is not a file");
            assertThat(cache.of("resnet51", "", 1))
                    .isEmpty(); // not a model at all: the row itself says so
        }
    }

    /** Counted once, stored in the folder: the second call finds them and loads nothing. */
    @Test
    void aRunFolderKeepsItsModelsMetrics(@TempDir Path run) throws Exception {
        ModelMetricsFile.Key cnn =
                new ModelMetricsFile.Key(new ModelRef(CNN, "1x3x32x32:float32"), 2);
        ModelMetricsFile.Key mlp = new ModelMetricsFile.Key(new ModelRef("mlp", ""), 4);
        ModelMetricsFile first = ModelMetrics.complete(run, List.of(cnn, mlp));
        assertThat(first.of(cnn.model(), 2).orElseThrow().macsPerSample()).isEqualTo(295_072);
        // mlp: Linear 784->512, 512->512, 512->10: 401,408 + 262,144 + 5,120 = 668,672 MACs per
        // sample
        assertThat(first.of(mlp.model(), 4).orElseThrow().macsPerSample()).isEqualTo(668_672);
        assertThat(first.layers("mlp").orElseThrow().macs()).isEqualTo(668_672);
        assertThat(ModelMetricsFile.read(run.resolve(ModelMetricsFile.FILE))).isEqualTo(first);
        FileTime written = Files.getLastModifiedTime(run.resolve(ModelMetricsFile.FILE));

        assertThat(ModelMetrics.complete(run, List.of(cnn))).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(run.resolve(ModelMetricsFile.FILE)))
                .isEqualTo(written);
    }

    /**
     * A model-metrics.json written before the compute dtype (layout version 1, no version field) is
     * counted again, not read as if its models computed in nothing: the bf16 file gets bf16.
     */
    @Test
    void aFileFromAnotherLayoutIsCountedAgain(@TempDir Path run) throws Exception {
        ModelMetricsFile.Key bf16 =
                new ModelMetricsFile.Key(new ModelRef(BF16_SAVED, "1x3x16x16"), 1);
        Files.writeString(
                run.resolve(ModelMetricsFile.FILE),
                "{\"models\": [{\"model\": \""
                        + BF16_SAVED
                        + "\", \"input\": \"1x3x16x16\", \"batch\": 1, \"macs_per_sample\": 1,"
                        + " \"params\": 1, \"input_bytes_per_sample\": 1, \"caveat\": \"\"}],"
                        + " \"layers\": [], \"problems\": []}");
        ModelMetricsFile counted = ModelMetrics.complete(run, List.of(bf16));
        StaticMetrics m = counted.of(bf16.model(), 1).orElseThrow();
        assertThat(m.macsPerSample()).isEqualTo(97_280);
        assertThat(m.dtype().label()).isEqualTo("bf16");
        assertThat(ModelMetricsFile.read(run.resolve(ModelMetricsFile.FILE))).isEqualTo(counted);
    }
}
