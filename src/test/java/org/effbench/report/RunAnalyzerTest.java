package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.effbench.Fixtures;
import org.effbench.base.AtomicFiles;
import org.effbench.energy.EnergySettings;
import org.effbench.metrics.ModelMetricsFile;
import org.effbench.model.ModelRef;
import org.effbench.serve.BatchPolicy;
import org.effbench.serve.Capacity;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder with damaged or missing parts still yields what it can, and never loses what is
 * there.
 */
class RunAnalyzerTest {

    @TempDir Path run;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final RunAnalyzer analyzer =
            new RunAnalyzer(
                    new PrintStream(console, true, StandardCharsets.UTF_8),
                    EnergySettings.Given.NOTHING);

    @Test
    void aTruncatedFileAndNoMachineProfileStillGiveTheCompleteRows() throws Exception {
        String ceilings = Fixtures.jmh("ceilings.json");
        Files.writeString(
                run.resolve("jmh-ceiling.json"), ceilings.substring(0, ceilings.length() / 2));

        RunAnalyzer.Outcome outcome = analyzer.analyze(run, false);

        assertThat(outcome.rows()).isNotEmpty();
        assertThat(outcome.problems())
                .singleElement()
                .asString()
                .startsWith("jmh-ceiling.json: entry");
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("warning: jmh-ceiling.json: entry")
                .contains("warning: no machine.json in " + run);
        assertThat(Files.readString(outcome.csv()).lines()).hasSize(outcome.rows().size() + 1);
        assertThat(run.resolve("jmh-ceiling.json")).as("raw JSON kept").exists();
    }

    @Test
    void nothingUsableIsAnErrorThatNamesTheBrokenPart() throws Exception {
        Files.writeString(run.resolve("jmh-callers-1.json"), "[{\"benchmark\": ");
        assertThatThrownBy(() -> analyzer.analyze(run, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "no usable JMH or serve result in "
                                + run
                                + ": jmh-callers-1.json: entry 1 is incomplete");
        assertThat(run.resolve(ResultsCsv.FILE)).doesNotExist();
    }

    @Test
    void anEmptyOrMissingFolderIsNamed() {
        assertThatThrownBy(() -> analyzer.analyze(run, false))
                .hasMessage(
                        "no usable JMH or serve result in "
                                + run
                                + " (no jmh-*.json, serve.json or serve-*.json file, or .gz)");
        assertThatThrownBy(() -> analyzer.analyze(run.resolve("nope"), false))
                .hasMessage("run folder " + run.resolve("nope") + " does not exist");
    }

    @Test
    void aFileInsteadOfARunFolderIsNamedAsAFile() throws Exception {
        Path csv = Files.writeString(run.resolve("results.csv"), "run_id\n");
        assertThatThrownBy(() -> RunAnalyzer.checkFolder(csv, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        csv
                                + " is a file, not a run folder; give the folder that holds the"
                                + " run's jmh-*.json files (this file's folder: "
                                + run
                                + ")");
    }

    /**
     * A NaN score or a unit that is not a time leaves the row's latency and throughput empty: the
     * row says why, naming the metric and its value, and the console warns with the file and entry.
     */
    @Test
    void aNaNScoreOrAnUnknownUnitIsNamedOnItsRowAndOnTheConsole() throws Exception {
        String json =
                Fixtures.jmh("all-modes-2-callers.json")
                        .replaceFirst("\"score\" : 11\\.223277893543608", "\"score\" : \"NaN\"")
                        // the first time per op is the first avgt entry's primary metric
                        .replaceFirst("\"scoreUnit\" : \"ms/op\"", "\"scoreUnit\" : \"ms/batch\"");
        Files.writeString(run.resolve("jmh-callers-2.json"), json);

        RunAnalyzer.Outcome outcome = analyzer.analyze(run, false);

        assertThat(outcome.rows().get(0).warnings())
                .contains("primaryMetric score is NaN ops/ms: no figure derived from it");
        assertThat(outcome.rows().get(0).get(Column.THROUGHPUT_SAMPLES_PER_S)).isEmpty();
        assertThat(outcome.rows().get(2).warnings())
                .anyMatch(
                        w ->
                                w.startsWith(
                                        "primaryMetric unit 'ms/batch' is not understood (accepted:"
                                                + " TIME/op or ops/TIME"));
        assertThat(outcome.rows().get(1).warnings()).noneMatch(w -> w.contains("primaryMetric"));
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains(
                        "warning: jmh-callers-2.json: entry 1 (InferenceBenchmark.infer thrpt"
                                + " batchSize=2 intraOpThreads=1 model=mlp): primaryMetric score is"
                                + " NaN ops/ms")
                .contains("warning: jmh-callers-2.json: entry 3 (InferenceBenchmark.infer avgt");
        assertThat(Files.readString(outcome.csv()))
                .contains("primaryMetric score is NaN ops/ms: no figure derived from it");
    }

    @Test
    void publishedRunsKeepTheirRawJsonCompressed() throws Exception {
        try (var out =
                new java.util.zip.GZIPOutputStream(
                        Files.newOutputStream(run.resolve("jmh-ceiling.json.gz")))) {
            out.write(Fixtures.jmh("ceilings.json").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(analyzer.analyze(run, false).rows()).hasSize(4);
    }

    @Test
    void existingResultsAreNotOverwrittenWithoutForce() throws Exception {
        Files.writeString(run.resolve("jmh-ceiling.json"), Fixtures.jmh("ceilings.json"));
        Files.writeString(run.resolve(ResultsCsv.FILE), "published");
        assertThatThrownBy(() -> analyzer.analyze(run, false))
                .hasMessage(
                        run.resolve(ResultsCsv.FILE) + " exists; add --force to derive it again");
        assertThat(run.resolve(ResultsCsv.FILE)).hasContent("published");

        analyzer.analyze(run, true);
        assertThat(Files.readString(run.resolve(ResultsCsv.FILE))).startsWith("run_id,");
    }

    @Test
    void aFullDiskEndsInOneLineNamingTheFileAndLeavesNoPartialFile() throws Exception {
        Files.writeString(
                run.resolve("jmh-callers-2.json"), Fixtures.jmh("all-modes-2-callers.json"));
        long csvBytes = Files.size(analyzer.analyze(run, false).csv());
        long jsonBytes = Files.size(run.resolve(ResultsJson.FILE));
        // the energy settings are recorded first
        long energyBytes = Files.size(run.resolve(EnergySettings.FILE));
        deleteDerived();

        // room for energy.json and results.csv, not for results.json
        try (AutoCloseable full = AtomicFiles.simulateFullDisk(energyBytes + csvBytes + 100)) {
            assertThatThrownBy(() -> analyzer.analyze(run, false))
                    .isInstanceOf(IOException.class)
                    .hasMessage(
                            "cannot write "
                                    + run.resolve(ResultsJson.FILE)
                                    + ": No space left on device");
        }
        try (Stream<Path> left = Files.list(run)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "jmh-callers-2.json", EnergySettings.FILE, ResultsCsv.FILE);
        }
        deleteDerived();

        // room for results.csv and results.json, not for the first chart
        try (AutoCloseable full =
                AtomicFiles.simulateFullDisk(energyBytes + csvBytes + jsonBytes + 100)) {
            assertThatThrownBy(() -> analyzer.analyze(run, false))
                    .isInstanceOf(IOException.class)
                    .hasMessage(
                            "cannot write "
                                    + run.resolve("latency_vs_batch.png")
                                    + ": No space left on device");
        }
        try (Stream<Path> left = Files.list(run)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "jmh-callers-2.json",
                            EnergySettings.FILE,
                            ResultsCsv.FILE,
                            ResultsJson.FILE);
        }
    }

    /**
     * The estimate comes from the run's machine.json (an "AMD EPYC" VM of family 25 model 17: the
     * EPYC 9004 row, 7.5 W per core), never from the analysing machine, and is recorded so that a
     * later analysis gives the same figures; a figure given later replaces it.
     */
    @Test
    void theEstimateIsTheRunsOwnAndRecorded() throws Exception {
        Files.writeString(
                run.resolve("jmh-callers-2.json"), Fixtures.jmh("all-modes-2-callers.json"));
        Files.copy(
                Path.of("src/test/resources/machine-epyc-genoa-vm.json"),
                run.resolve("machine.json"));
        Files.copy(
                Path.of("src/test/resources/golden-run/model-metrics.json"),
                run.resolve("model-metrics.json"));

        DerivedRow first = analyzer.analyze(run, false).rows().get(0);
        assertThat(first.text(Column.ENERGY_SOURCE))
                .startsWith("estimated: 7.50 W/core x 2 cores (AuthenticAMD family 25 model 17");
        EnergySettings recorded = EnergySettings.read(run.resolve(EnergySettings.FILE));
        assertThat(recorded.power().wattsPerCore()).isEqualTo(7.5);

        DerivedRow again = analyzer.analyze(run, true).rows().get(0);
        assertThat(again.text(Column.ENERGY_SOURCE)).isEqualTo(first.text(Column.ENERGY_SOURCE));

        RunAnalyzer given =
                new RunAnalyzer(
                        new PrintStream(console, true, StandardCharsets.UTF_8),
                        new EnergySettings.Given(Optional.of(2.0), Optional.of(100.0)));
        DerivedRow mine = given.analyze(run, true).rows().get(0);
        assertThat(mine.text(Column.ENERGY_SOURCE))
                .isEqualTo("estimated: 2.00 W/core x 2 cores (--watts-per-core 2, given)");
        assertThat(mine.text(Column.CO2_SOURCE)).startsWith("100 g CO2e/kWh, --grid-intensity 100");
        assertThat(analyzer.analyze(run, true).rows().get(0).text(Column.ENERGY_SOURCE))
                .as("kept by the next analysis")
                .isEqualTo(mine.text(Column.ENERGY_SOURCE));
    }

    /**
     * A serve sweep's folder: two layouts' serve files (one of them from before the model field),
     * no JMH result; a broken serve file is named and the others derived.
     */
    @Test
    void aFolderOfServeFilesAloneIsDerivedChartedAndJudged() throws Exception {
        Capacity.Outcome unbatched =
                ServeFixtures.run(
                        1,
                        Simulation.fixed(10 * ServeFixtures.MS),
                        BatchPolicy.NONE,
                        50 * ServeFixtures.MS,
                        OptionalDouble.empty());
        Capacity.Outcome batched =
                ServeFixtures.run(
                        1,
                        ServeFileTest.GROWING,
                        new BatchPolicy(4, 2 * ServeFixtures.MS),
                        50 * ServeFixtures.MS,
                        OptionalDouble.empty());
        ServeFixtures.write(
                run,
                "default-mlp-b1",
                new ServeSetup("mlp", 1, 1),
                unbatched,
                Map.of("model", "mlp", "launch_set", "default"));
        ServeFixtures.write(run, "default-mlp-b4", new ServeSetup("mlp", 1, 1), batched, Map.of());
        Files.writeString(run.resolve("serve-broken.json"), "{\"workers\": ");
        // mlp at batch 1, as the run's model metrics would store it
        Files.writeString(
                run.resolve(ModelMetricsFile.FILE),
                new ModelMetricsFile(
                                Map.of(
                                        new ModelMetricsFile.Key(new ModelRef("mlp", ""), 1),
                                        ServeFixtures.MLP),
                                List.of(),
                                List.of())
                        .toJson());

        assertThat(RunAnalyzer.modelsNeeded(run))
                .containsExactly(new ModelMetricsFile.Key(new ModelRef("mlp", ""), 1));
        RunAnalyzer.Outcome outcome = analyzer.analyze(run, false);

        assertThat(outcome.rows())
                .hasSize(2 + unbatched.points().size() + batched.points().size())
                .allMatch(ServeRows::is);
        assertThat(outcome.rows().get(0).text(Column.LAUNCH)).isEqualTo("default");
        assertThat(outcome.rows().get(0).number(Column.MACS_PER_SAMPLE)).isEqualTo(668_672);
        assertThat(outcome.problems())
                .singleElement()
                .asString()
                .startsWith("serve-broken.json: not readable JSON");
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("warning: serve-broken.json: not readable JSON");
        assertThat(outcome.charts())
                .extracting(p -> p.getFileName().toString())
                .contains("serve_latency_mlp.png", "serve_throughput_mlp.png")
                .doesNotContain("latency_vs_batch.png", "roofline.png");
        Verdict.ModelVerdict mlp = outcome.verdict().models().get(0);
        assertThat(mlp.serving().get(0).layouts()).hasSize(2);
        String html = Files.readString(outcome.report());
        assertThat(html)
                .contains("Serving capacity (open loop)")
                .contains(HtmlReport.esc(mlp.serving().get(0).line()))
                .doesNotContain("<h2>Results</h2>");
        assertThat(html.indexOf("Serving capacity")).isLessThan(html.indexOf("<h2>Charts</h2>"));
        assertThat(Files.readString(outcome.csv()).lines()).hasSize(outcome.rows().size() + 1);
    }

    @Test
    void aFolderWithJmhAndServeFilesGetsBoth() throws Exception {
        Files.writeString(
                run.resolve("jmh-callers-2.json"), Fixtures.jmh("all-modes-2-callers.json"));
        ServeFixtures.write(
                run,
                "",
                new ServeSetup("mlp", 1, 1),
                ServeFixtures.run(
                        1,
                        Simulation.fixed(10 * ServeFixtures.MS),
                        BatchPolicy.NONE,
                        50 * ServeFixtures.MS,
                        OptionalDouble.of(50)),
                Map.of());

        RunAnalyzer.Outcome outcome = analyzer.analyze(run, false);

        assertThat(outcome.rows()).filteredOn(ServeRows::is).hasSize(1);
        assertThat(outcome.rows()).filteredOn(r -> !ServeRows.is(r)).hasSize(8);
        assertThat(outcome.charts())
                .extracting(p -> p.getFileName().toString())
                .contains("latency_vs_batch.png", "serve_latency_mlp.png");
        assertThat(Files.readString(outcome.report())).contains("<h2>Results</h2>");
    }

    private void deleteDerived() throws IOException {
        try (Stream<Path> derived = Files.list(run)) {
            for (Path p :
                    derived.filter(p -> !p.getFileName().toString().startsWith("jmh-")).toList()) {
                Files.delete(p);
            }
        }
    }
}
