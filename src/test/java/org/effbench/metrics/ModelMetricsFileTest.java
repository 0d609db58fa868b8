package org.effbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
                                StaticMetrics.withoutActivations(64, 72, 32, "trace only")),
                        List.of(
                                new LayerMacs(
                                        "mlp",
                                        1,
                                        List.of(
                                                new LayerMacs.Layer("fc1", 600_000),
                                                new LayerMacs.Layer("relu", 0)))),
                        List.of(
                                "no static metrics: model file gone.pt does not exist or is not a file"));
        Path file = Files.writeString(dir.resolve(ModelMetricsFile.FILE), written.toJson());

        ModelMetricsFile read = ModelMetricsFile.read(file);

        assertThat(read).isEqualTo(written);
        assertThat(read.of(FILE, 1).orElseThrow().activationsPerSample())
                .isEqualTo(OptionalLong.empty());
        assertThat(read.of(FILE, 2)).isEmpty();
        assertThat(read.layers("mlp").orElseThrow().macs()).isEqualTo(600_000);
    }

    @Test
    void addingKeepsWhatIsThereAndLetsNewEntriesWin() {
        ModelMetricsFile old =
                new ModelMetricsFile(
                        Map.of(
                                new ModelMetricsFile.Key(MLP, 1),
                                StaticMetrics.withoutActivations(1, 1, 1, "")),
                        List.of(),
                        List.of("a"));
        ModelMetricsFile added =
                old.with(
                        new ModelMetricsFile(
                                Map.of(
                                        new ModelMetricsFile.Key(MLP, 8),
                                        StaticMetrics.withoutActivations(2, 2, 2, "")),
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
