package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.effbench.report.VariantTuning.Category;
import org.effbench.report.VariantTuning.Deviation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The variant comparison on hand-made rows and deviations: classification, the ratio with its
 * propagated error and the noise judgement (worked out by hand below), the fp32 tolerance's flag,
 * and the winners per category.
 */
class VariantTuningTest {

    private static final String DIR = "file:/v/";

    /** A sample-mode row of a variant file with its mean, error and counted dtype. */
    private static DerivedRow row(
            String variant, String launch, int batch, double mean, double error, String dtype) {
        return TestRows.sample(DIR + variant + ".pt", launch, batch, 2, 0, 1, mean)
                .put(Column.LATENCY_MS_ERROR, error)
                .put(Column.DTYPE, dtype);
    }

    private static final Deviation EXACT = new Deviation(200, 0, 0, 20, 1, 7);

    /** 1e-3 x 20 = 0.02 is the largest max |diff| a rewrite may have here. */
    private static final Deviation JUST_WITHIN = new Deviation(200, 0.02, 0.001, 20, 1, 7);

    private static final Deviation JUST_BEYOND = new Deviation(200, 0.0201, 0.001, 20, 1, 7);
    private static final Deviation BF16 = new Deviation(200, 0.65, 0.11, 20, 1, 7);

    private static VariantTuning.Exported exported(String... made) {
        return new VariantTuning.Exported(
                "resnet50",
                "1x3x224x224",
                List.of(made),
                Map.of("bn-folded", "ValueError: no convolutions"));
    }

    @Test
    void variantsAreClassifiedByWhatTheyChange() {
        assertThat(VariantTuning.classify("fp32", "fp32")).isEqualTo(Category.BASELINE);
        assertThat(VariantTuning.classify("frozen", "fp32")).isEqualTo(Category.REWRITE);
        assertThat(VariantTuning.classify("bn-folded", "fp32")).isEqualTo(Category.REWRITE);
        assertThat(VariantTuning.classify("separable-pool", "fp32")).isEqualTo(Category.REWRITE);
        assertThat(VariantTuning.classify("channels-last", "fp32")).isEqualTo(Category.LAYOUT);
        assertThat(VariantTuning.classify("bf16", "bf16")).isEqualTo(Category.PRECISION);
        assertThat(VariantTuning.classify("int8", "mixed")).isEqualTo(Category.PRECISION);
        // a file the table does not know: its counted dtype decides
        assertThat(VariantTuning.classify("my-fp16", "fp16")).isEqualTo(Category.PRECISION);
        assertThat(VariantTuning.classify("my-rewrite", "fp32")).isEqualTo(Category.OTHER);
        assertThat(VariantTuning.classify("my-rewrite", "")).isEqualTo(Category.OTHER);
    }

    @Test
    void aVariantsNameIsItsFileName() {
        assertThat(VariantTuning.variantOf("file:/tmp/x/bn-folded.pt")).isEqualTo("bn-folded");
        assertThat(VariantTuning.variantOf("file:fp32.pt")).isEqualTo("fp32");
    }

    /**
     * fp32 100 ± 3 ms, bf16 50 ± 4 ms: ratio 2, error 2 x sqrt(0.03² + 0.08²) = 0.17088; the
     * intervals [97, 103] and [46, 54] do not overlap. frozen 98 ± 3: ratio 1.0204, the intervals
     * overlap (2 <= 6).
     */
    @Test
    void aRatioCarriesItsPropagatedErrorAndTheNoiseJudgement() {
        Verdict.Figure base = new Verdict.Figure(100, 3, "mean", "");
        Verdict.Speedup bf16 =
                Verdict.Speedup.of(
                        Verdict.Goal.LATENCY, base, new Verdict.Figure(50, 4, "mean", ""));
        assertThat(bf16.value()).isEqualTo(2.0);
        assertThat(bf16.error()).isCloseTo(2 * Math.sqrt(0.03 * 0.03 + 0.08 * 0.08), within(1e-12));
        assertThat(bf16.beyondNoise()).contains(true);
        assertThat(bf16.text()).isEqualTo("2.00x ± 0.171, beyond the noise");

        Verdict.Speedup frozen =
                Verdict.Speedup.of(
                        Verdict.Goal.LATENCY, base, new Verdict.Figure(98, 3, "mean", ""));
        assertThat(frozen.value()).isCloseTo(100 / 98.0, within(1e-12));
        assertThat(frozen.beyondNoise()).contains(false);
        assertThat(frozen.text()).endsWith("within the noise");

        // a rate: more is better, so the option's over the baseline's
        Verdict.Speedup rate =
                Verdict.Speedup.of(
                        Verdict.Goal.THROUGHPUT,
                        new Verdict.Figure(20, 1, "samples/s", ""),
                        new Verdict.Figure(30, Double.NaN, "samples/s", ""));
        assertThat(rate.value()).isEqualTo(1.5);
        assertThat(rate.error()).isNaN();
        assertThat(rate.beyondNoise()).isEmpty();
        assertThat(rate.text()).isEqualTo("1.50x, noise unknown (no JMH error)");
    }

    @Test
    void theFp32ToleranceIsOneThousandthOfTheMeanFp32Output() {
        assertThat(EXACT.withinFp32Tolerance()).isTrue();
        assertThat(JUST_WITHIN.withinFp32Tolerance()).isTrue();
        assertThat(JUST_BEYOND.withinFp32Tolerance()).isFalse();
        assertThat(new Deviation(200, Double.NaN, Double.NaN, 20, 0, 7).withinFp32Tolerance())
                .as("a NaN output is not within anything")
                .isFalse();
        assertThat(VariantTuning.flag(Category.REWRITE, Optional.of(JUST_WITHIN))).isEmpty();
        assertThat(VariantTuning.flag(Category.LAYOUT, Optional.of(JUST_BEYOND)))
                .startsWith("beyond the fp32 tolerance");
        assertThat(VariantTuning.flag(Category.REWRITE, Optional.empty()))
                .isEqualTo("its outputs were not compared with fp32's");
        // a precision variant is judged by its deviation, stated, never flagged for it
        assertThat(VariantTuning.flag(Category.PRECISION, Optional.of(BF16))).isEmpty();
    }

    /**
     * fp32 at batch 1 100 ± 2 ms and batch 8 400 ± 8 ms; frozen faster but beyond the tolerance
     * (flagged: neither fastest nor best rewrite), bn-folded slightly faster within it,
     * channels-last slower, bf16 twice as fast, fp32 with the graph optimizer off the same.
     */
    @Test
    void theFastestAndTheWinnersLeaveFlaggedRewritesOut() {
        List<DerivedRow> rows =
                List.of(
                        row("fp32", "default", 1, 100, 2, "fp32"),
                        row("fp32", "default", 8, 400, 8, "fp32"),
                        row("frozen", "default", 1, 40, 2, "fp32"),
                        row("frozen", "default", 8, 160, 8, "fp32"),
                        row("bn-folded", "default", 1, 97, 2, "fp32"),
                        row("bn-folded", "default", 8, 390, 8, "fp32"),
                        row("channels-last", "default", 1, 110, 2, "fp32"),
                        row("channels-last", "default", 8, 300, 8, "fp32"),
                        row("bf16", "default", 1, 50, 1, "bf16"),
                        row("bf16", "default", 8, 250, 5, "bf16"),
                        row("fp32", "graph-optimizer-off", 1, 100, 2, "fp32"),
                        row("fp32", "graph-optimizer-off", 8, 400, 8, "fp32"),
                        // not a variant of this run: left out
                        TestRows.sample("resnet50", "default", 1, 2, 0, 1, 1));
        VariantTuning t =
                VariantTuning.of(
                        exported("fp32", "frozen", "bn-folded", "channels-last", "bf16"),
                        rows,
                        Map.of(
                                "fp32", EXACT,
                                "frozen", JUST_BEYOND,
                                "bn-folded", JUST_WITHIN,
                                "channels-last", EXACT,
                                "bf16", BF16));
        assertThat(t.scopes())
                .containsExactly(
                        new VariantTuning.Scope(Verdict.Goal.LATENCY, 1, 2, 1),
                        new VariantTuning.Scope(Verdict.Goal.THROUGHPUT, 8, 2, 1));
        assertThat(t.options())
                .extracting(VariantTuning.Option::name)
                .containsExactly(
                        "frozen",
                        "bn-folded",
                        "channels-last",
                        "bf16",
                        "fp32 [graph-optimizer-off]");
        assertThat(t.options())
                .extracting(VariantTuning.Option::category)
                .containsExactly(
                        Category.REWRITE,
                        Category.REWRITE,
                        Category.LAYOUT,
                        Category.PRECISION,
                        Category.ENGINE);
        VariantTuning.Option frozen = t.options().get(0);
        assertThat(frozen.flag()).startsWith("beyond the fp32 tolerance");
        assertThat(frozen.speedups().get(0).orElseThrow().value()).isEqualTo(2.5);

        List<String> fastest = t.fastest();
        assertThat(fastest.get(0))
                .startsWith("latency, batch 1, 2 threads: fastest bf16 (precision, bf16)");
        assertThat(fastest.get(0)).contains("2.00x").contains("max |diff| 0.650");
        // throughput at batch 8: bf16 400/250 = 1.6x; channels-last 400/300 = 1.33x
        assertThat(fastest.get(1)).startsWith("throughput, batch 8, 2 threads: fastest bf16");
        assertThat(fastest.get(1)).contains("1.60x");

        List<String> winners = t.winners();
        assertThat(winners.get(0))
                .startsWith("best rewrite: latency bn-folded 1.03x")
                .contains("(no gain over fp32 beyond the noise)")
                .contains("flagged, not named: frozen: beyond the fp32 tolerance");
        // channels-last: slower at batch 1 beyond the noise, faster at batch 8
        assertThat(winners.get(1))
                .startsWith("best layout: latency channels-last 0.909x")
                .contains("(slower than fp32: keep fp32)")
                .contains("throughput channels-last 1.33x");
        assertThat(winners.get(2)).startsWith("best precision: latency bf16 2.00x");
        assertThat(winners.get(3))
                .startsWith("best engine setting: latency fp32 [graph-optimizer-off] 1.00x");
        assertThat(t.notes()).containsExactly("not made: bn-folded (ValueError: no convolutions)");
        assertThat(t.lines().get(0)).startsWith("variants of resnet50 against fp32 [default]");
        assertThat(t.lines())
                .anyMatch(l -> l.contains("frozen (rewrite, fp32)") && l.contains("FLAGGED"))
                .anyMatch(l -> l.contains("accuracy itself cannot be measured"));
    }

    /** The comparison is on the report's first screen: in the verdict, before the rows. */
    @Test
    void theReportShowsTheVariantsInItsVerdict() throws IOException {
        List<DerivedRow> rows =
                List.of(
                        row("fp32", "default", 1, 100, 2, "fp32"),
                        row("channels-last", "default", 1, 110, 2, "fp32"));
        VariantTuning t = VariantTuning.of(exported("fp32", "channels-last"), rows, Map.of());
        Verdict.Result verdict = Verdict.of(rows, Optional.empty()).withVariants(Optional.of(t));
        assertThat(verdict.text()).contains("variants of resnet50 against fp32");
        String html =
                HtmlReport.render(
                        "run",
                        rows,
                        verdict,
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        List.of());
        assertThat(html.indexOf("<h3>Variants</h3>"))
                .isPositive()
                .isLessThan(html.indexOf("<h2>Results</h2>"));
        assertThat(html)
                .contains("<td class=\"t\">channels-last</td><td class=\"t\">layout</td>")
                .contains("its outputs were not compared with fp32's");
    }

    @Test
    void withoutAnFp32RowNothingIsCompared() {
        VariantTuning t =
                VariantTuning.of(
                        exported("fp32", "bf16"),
                        List.of(row("bf16", "default", 1, 50, 1, "bf16")),
                        Map.of());
        assertThat(t.options()).isEmpty();
        assertThat(t.notes())
                .contains("no fp32 row in sample mode: no variant can be compared with fp32");
    }

    /** The published deviation.csv (before reference_top1_classes) is read by its column names. */
    @Test
    void deviationCsvIsReadByColumnName(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve(VariantTuning.DEVIATION_FILE);
        Files.writeString(
                csv,
                "reference,model,input,seed,samples,max_abs_diff,mean_abs_diff,mean_abs_reference,top1_agree,top1_agreement\n"
                        + "file:/v/fp32.pt,file:/v/bf16.pt,1x3x224x224,1,200,0.647,0.105,20.1,200,1.0\n");
        assertThat(VariantTuning.readDeviations(csv))
                .containsExactly(
                        Map.entry("bf16", new Deviation(200, 0.647, 0.105, 20.1, 1.0, -1)));
        assertThat(new Deviation(200, 0.647, 0.105, 20.1, 1.0, 1).text())
                .endsWith(
                        "top-1 agreement 100% of 200 (fp32 gave every input the same class: agreement says little)");
        Files.writeString(csv, "model,samples\nfile:/v/bf16.pt,many\n");
        assertThatThrownBy(() -> VariantTuning.readDeviations(csv))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(csv + " line 1: ");
    }

    @Test
    void variantsJsonSaysWhatWasMadeAndWhatWasNot() throws IOException {
        VariantTuning.Exported e =
                VariantTuning.Exported.of(
                        new ObjectMapper()
                                .readTree(
                                        "{\"model\": \"bert_base\", \"input\": \"1x128:int64\", \"variants\": ["
                                                + "{\"name\": \"fp32\", \"file\": \"/x/fp32.pt\"},"
                                                + "{\"name\": \"bn-folded\", \"file\": null, \"skipped\": \"no convolutions\"}]}"),
                        "variants.json");
        assertThat(e.model()).isEqualTo("bert_base");
        assertThat(e.input()).isEqualTo("1x128:int64");
        assertThat(e.made()).containsExactly("fp32");
        assertThat(e.skipped()).containsExactly(Map.entry("bn-folded", "no convolutions"));
        assertThatThrownBy(
                        () ->
                                VariantTuning.Exported.of(
                                        new ObjectMapper().readTree("{\"model\": \"x\"}"),
                                        "variants.json"))
                .hasMessage("variants.json has no \"variants\" list");
    }
}
