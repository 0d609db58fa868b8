package org.effbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.effbench.model.ModelRef;
import org.effbench.report.VariantTuning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tune --variants DIR}: a folder the export script did not make, or made in part, stops the
 * run before anything is measured, in one line naming what is missing and how to make it (exit 2);
 * the fp32 file comes first, the baseline of every ratio.
 */
class TuneCommandTest {

    @RegisterExtension final CapturedErr err = new CapturedErr();

    @TempDir Path dir;

    private static final String FIXTURE =
            "src/test/resources/torchscript/tiny_cnn_fp32_1x3x16x16.pt";

    private int tune(String model) {
        return Main.run(
                new String[] {
                    "tune",
                    "--model",
                    model,
                    "--variants",
                    dir.toString(),
                    "--results",
                    dir.resolve("runs").toString()
                });
    }

    private void variantsJson(String model, String... made) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String name : made) {
            list.append(list.isEmpty() ? "" : ",")
                    .append("{\"name\": \"")
                    .append(name)
                    .append("\", \"file\": \"")
                    .append(dir.resolve(name + ".pt"))
                    .append("\"}");
        }
        Files.writeString(
                dir.resolve(VariantTuning.VARIANTS_FILE),
                "{\"model\": \""
                        + model
                        + "\", \"input\": \"1x3x16x16\", \"variants\": ["
                        + list
                        + ", {\"name\": \"bn-folded\", \"file\": null, \"skipped\": \"none\"}]}");
    }

    @Test
    void aFolderWithoutVariantsJsonIsNamedWithTheCommandThatMakesIt() {
        assertThat(tune("resnet50")).isEqualTo(2);
        assertThat(err.text().strip())
                .isEqualTo(
                        "benchmarks.jar: --variants "
                                + dir
                                + " has no variants.json; make them with /usr/bin/python3"
                                + " scripts/export_variants.py resnet50 "
                                + dir);
    }

    @Test
    void aListedFileThatIsMissingIsNamed() throws Exception {
        variantsJson("resnet50", "fp32", "bf16");
        Files.copy(Path.of(FIXTURE), dir.resolve("fp32.pt"));
        assertThat(tune("resnet50")).isEqualTo(2);
        assertThat(err.text().strip())
                .isEqualTo(
                        "benchmarks.jar: "
                                + dir.resolve("bf16.pt")
                                + " is missing (variants.json lists it); make them with"
                                + " /usr/bin/python3 scripts/export_variants.py resnet50 "
                                + dir);
    }

    @Test
    void variantsOfAnotherModelOrWithoutFp32AreRefused() throws Exception {
        variantsJson("bert_base", "fp32");
        assertThat(tune("resnet50")).isEqualTo(2);
        assertThat(err.text())
                .contains(
                        "holds variants of bert_base, not of --model resnet50; accepted: --model"
                                + " bert_base, or make them with");
        err.reset();
        variantsJson("resnet50", "bf16");
        assertThat(tune("resnet50")).isEqualTo(2);
        assertThat(err.text()).contains("variants.json lists no fp32 file, the baseline");
    }

    @Test
    void theFp32FileComesFirst() throws Exception {
        for (String name : List.of("fp32", "frozen", "int8")) {
            Files.copy(Path.of(FIXTURE), dir.resolve(name + ".pt"));
        }
        List<ModelRef> models =
                TuneCommand.variantFiles(
                        dir,
                        new VariantTuning.Exported(
                                "resnet50",
                                "1x3x16x16",
                                List.of("frozen", "fp32", "int8"),
                                Map.of()));
        assertThat(models)
                .extracting(ModelRef::model)
                .containsExactly(
                        "file:" + dir.resolve("fp32.pt").toAbsolutePath(),
                        "file:" + dir.resolve("frozen.pt").toAbsolutePath(),
                        "file:" + dir.resolve("int8.pt").toAbsolutePath());
        assertThat(models).extracting(ModelRef::input).containsOnly("1x3x16x16:float32");
    }
}
