package org.effbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.effbench.engine.QuantizedEngine;
import org.effbench.engine.TorchEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quantized file loads on the engine it was made with (its variants.json says, as for Python's
 * peer), a launch's {@code -Deffbench.qengine} overrides that, and libtorch's own state is read
 * back to show the choice took effect.
 */
class QuantizedEngineChoiceTest {

    /** FX int8 fixture (scripts/make_torchscript_fixtures.py), input 1x3x8x8. */
    private static final Path INT8 =
            Path.of("src/test/resources/torchscript/int8_fx_residual_1x3x8x8.pt");

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(QuantizedEngine.PROPERTY);
    }

    private static String fileMadeWith(Path dir, String engine) throws Exception {
        Files.copy(INT8, dir.resolve("int8.pt"));
        if (engine != null) {
            Files.writeString(dir.resolve("variants.json"), "{\"qengine\": \"" + engine + "\"}");
        }
        return TorchScriptModel.PREFIX + dir.resolve("int8.pt");
    }

    @Test
    void aFileLoadsOnTheEngineItsVariantsFileNames(@TempDir Path a, @TempDir Path b)
            throws Exception {
        for (var made : List.of(List.of(a, "onednn"), List.of(b, "x86"))) {
            String model = fileMadeWith((Path) made.get(0), (String) made.get(1));
            try (TorchScriptModel m = TorchScriptModel.load(model, "1x3x8x8")) {
                assertThat(m.quantizedEngine().engine()).isEqualTo(made.get(1));
                assertThat(m.quantizedEngine().source()).contains("variants.json");
                assertThat(QuantizedEngine.current()).isEqualTo(made.get(1));
            }
        }
    }

    @Test
    void theLaunchPropertyOverridesTheFile(@TempDir Path dir) throws Exception {
        String model = fileMadeWith(dir, "onednn");
        System.setProperty(QuantizedEngine.PROPERTY, "x86");
        try (TorchScriptModel m = TorchScriptModel.load(model, "1x3x8x8")) {
            assertThat(m.quantizedEngine().engine()).isEqualTo("x86");
            assertThat(m.quantizedEngine().source()).isEqualTo("-Deffbench.qengine");
        }
        assertThat(QuantizedEngine.current()).isEqualTo("x86");
    }

    @Test
    void anEngineLibtorchLacksIsOneLineNamingThoseItOffers(@TempDir Path dir) throws Exception {
        String model = fileMadeWith(dir, null);
        System.setProperty(QuantizedEngine.PROPERTY, "fbgemm2");
        assertThatThrownBy(() -> TorchScriptModel.load(model, "1x3x8x8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantized engine fbgemm2 is not one this libtorch offers")
                .hasMessageContaining("onednn")
                .hasMessageNotContaining("none")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aFileMadeForAnEngineLibtorchLacksKeepsTheDefaultAndSaysSo(@TempDir Path dir)
            throws Exception {
        QuantizedEngine.use("x86");
        String model = fileMadeWith(dir, "mps");
        try (TorchScriptModel m = TorchScriptModel.load(model, "1x3x8x8")) {
            assertThat(m.quantizedEngine().engine()).isEqualTo("x86");
            assertThat(m.quantizedEngine().source()).contains("names mps, not offered");
        }
    }

    @Test
    void aLaunchSetNamesItsEngineWithTheProperty() {
        assertThat(QuantizedEngine.named(List.of("-Xmx4g", "-Deffbench.qengine=onednn")))
                .contains("onednn");
        assertThat(
                        QuantizedEngine.named(
                                List.of("-Deffbench.qengine=x86", "-Deffbench.qengine=onednn")))
                .as("the JVM keeps the last")
                .contains("onednn");
        assertThat(QuantizedEngine.named(List.of("-Xmx4g"))).isEmpty();
    }

    @Test
    void libtorchOffersTheEnginesThePeerUses() {
        // pytorch-native-cpu 2.7.1 linux-x86_64 is built with fbgemm, onednn and qnnpack
        assertThat(QuantizedEngine.supported()).contains("x86", "onednn", "fbgemm", "qnnpack");
    }
}
