package org.effbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.effbench.base.ComputeDtype;
import org.effbench.base.Dtype;
import org.effbench.model.ModelRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetricsFileTest {

    private static final ModelRef MLP = new ModelRef("mlp", "");
    private static final ModelRef FILE = new ModelRef("file:m.pt", "1x8:float32");

    @Test
    void readsBackWhatItWrote(@TempDir Path dir) throws Exception {
        ModelMetricsFile written =
                new ModelMetricsFile(
                        Map.of(
                                new ModelMetricsFile.Key(MLP, 8),
                                new StaticMetrics(668_672, 669_706, 2_058, 3_136, 12_345),
                                new ModelMetricsFile.Key(FILE, 1),
                                StaticMetrics.withoutActivations(
                                        64,
                                        72,
                                        32,
                                        new ComputeDtype(Map.of("bf16", 60L, "fp32", 4L), true),
                                        "trace only")),
                        List.of(
                                new LayerMacs(
                                        "mlp",
                                        1,
                                        List.of(
                                                new LayerMacs.Layer("fc1", "Linear", 600_000),
                                                new LayerMacs.Layer("relu", "ReLU", 0)))),
                        List.of(
                                "no static metrics: model file gone.pt does not exist or is not a file"));
        Path file = Files.writeString(dir.resolve(ModelMetricsFile.FILE), written.toJson());

        ModelMetricsFile read = ModelMetricsFile.read(file);

        assertThat(read).isEqualTo(written);
        assertThat(read.of(FILE, 1).orElseThrow().activationsPerSample())
                .isEqualTo(OptionalLong.empty());
        assertThat(read.of(FILE, 2)).isEmpty();
        assertThat(read.layers("mlp").orElseThrow().macs()).isEqualTo(600_000);
        assertThat(read.of(new ModelRef("mlp", ""), 8).orElseThrow().dtype().label())
                .isEqualTo("fp32");
        assertThat(read.of(FILE, 1).orElseThrow().dtype().label()).isEqualTo("mixed");
        assertThat(read.of(FILE, 1).orElseThrow().dtype().partial()).isTrue();
    }

    /**
     * A file from before the compute dtype (no version field) is refused, not read as fp32: the
     * run's models are counted again.
     */
    @Test
    void aFileWithAnotherLayoutIsNotMisread(@TempDir Path dir) throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve(ModelMetricsFile.FILE),
                        "{\"models\": [{\"model\": \"mlp\", \"input\": \"\", \"batch\": 1,"
                                + " \"macs_per_sample\": 668672, \"params\": 669706}]}");
        assertThatThrownBy(() -> ModelMetricsFile.read(file))
                .isInstanceOf(ModelMetricsFile.OtherVersion.class)
                .hasMessage(
                        file
                                + " has layout version 1, this effbench reads version 3: analyze"
                                + " the run folder again to count its models anew");
    }

    @Test
    void addingKeepsWhatIsThereAndLetsNewEntriesWin() {
        ModelMetricsFile old =
                new ModelMetricsFile(
                        Map.of(
                                new ModelMetricsFile.Key(MLP, 1),
                                StaticMetrics.withoutActivations(
                                        1, 1, 1, ComputeDtype.all(Dtype.FP32, 1), "")),
                        List.of(),
                        List.of("a"));
        ModelMetricsFile added =
                old.with(
                        new ModelMetricsFile(
                                Map.of(
                                        new ModelMetricsFile.Key(MLP, 8),
                                        StaticMetrics.withoutActivations(
                                                2, 2, 2, ComputeDtype.all(Dtype.FP32, 2), "")),
                                List.of(),
                                List.of("a", "b")));
        assertThat(added.metrics()).hasSize(2);
        assertThat(added.problems()).containsExactly("a", "b");
    }

    @Test
    void aFileThatIsNotOursIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve(ModelMetricsFile.FILE), "{\"rows\": []}");
        assertThatThrownBy(() -> ModelMetricsFile.read(file))
                .hasMessage(file + " has no \"models\" list");
        Files.writeString(file, "{");
        assertThatThrownBy(() -> ModelMetricsFile.read(file))
                .hasMessageStartingWith(file + " is not valid JSON");
    }
}
