package org.effbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.effbench.base.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as users run it: the engine starts from the jar alone (its META-INF/services
 * survived shading), and real JMH runs in forked JVMs leave the JSON and settings they promise.
 */
class BenchmarksJarIT {

    private static final Path JAR =
            Path.of(System.getProperty("effbench.jar", "target/benchmarks.jar")).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RUN_LIMIT_MINUTES = 5;

    @TempDir Path work;

    @Test
    void keepsDjlServiceEntries() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getEntry("META-INF/services/ai.djl.engine.EngineProvider")).isNotNull();
            String providers =
                    new String(
                            jar.getInputStream(
                                            jar.getEntry(
                                                    "META-INF/services/ai.djl.engine.EngineProvider"))
                                    .readAllBytes(),
                            StandardCharsets.UTF_8);
            assertThat(providers).contains("ai.djl.pytorch.engine.PtEngineProvider");
        }
    }

    @Test
    void startsTheEngineOfflineFromTheJarAlone() throws Exception {
        Result info = run("info");
        assertThat(info.code).as(info.output).isZero();
        assertThat(info.output)
                .contains("engine: PyTorch 2.7.1", "offline=true", "mlp forward pass: ok");
    }

    @Test
    void jmhOptionsRunTheModelBenchmarkInForkedJvmsAndKeepTheJson() throws Exception {
        Result r =
                run(
                        "--results",
                        work.toString(),
                        "-p",
                        "model=mlp",
                        "-p",
                        "batchSize=1,2",
                        "-p",
                        "intraOpThreads=1",
                        "-p",
                        "interOpThreads=1",
                        "-bm",
                        "sample,thrpt",
                        "-wi",
                        "1",
                        "-w",
                        "100ms",
                        "-i",
                        "1",
                        "-r",
                        "200ms",
                        "-f",
                        "1",
                        "-rf",
                        "csv");
        assertThat(r.code).as(r.output).isZero();

        Path folder = onlyRunFolder();
        assertThat(folder.getFileName().toString()).startsWith("jmh-");
        // -rf csv: JMH's CSV in the run folder, beside the JSON effbench derives its results from
        assertThat(r.output).contains("CSV results: " + folder.resolve("jmh-result.csv"));
        assertThat(folder.resolve("jmh-result.csv"))
                .content()
                .startsWith("\"Benchmark\",\"Mode\"")
                .contains("org.effbench.bench.InferenceBenchmark.infer");
        assertThat(folder.resolve("results.csv")).exists();
        assertThat(work.resolve("jmh-result.csv"))
                .as("nothing in the working directory")
                .doesNotExist();
        JsonNode results = JSON.readTree(folder.resolve("jmh-callers-1.json").toFile());
        // the fork checked libtorch really runs the inter-op threads asked for
        assertThat(results.get(0).at("/params/interOpThreads").asText()).isEqualTo("1");
        Set<String> configurations = new HashSet<>();
        for (JsonNode result : results) {
            assertThat(result.get("benchmark").asText())
                    .isEqualTo("org.effbench.bench.InferenceBenchmark.infer");
            assertThat(result.get("forks").asInt()).isEqualTo(1);
            assertThat(result.get("threads").asInt()).isEqualTo(1);
            assertThat(result.at("/primaryMetric/score").asDouble()).isPositive();
            JsonNode params = result.get("params");
            configurations.add(
                    result.get("mode").asText()
                            + " "
                            + params.get("model").asText()
                            + " b"
                            + params.get("batchSize").asText()
                            + " t"
                            + params.get("intraOpThreads").asText());
        }
        assertThat(configurations)
                .containsExactlyInAnyOrder(
                        "sample mlp b1 t1",
                        "sample mlp b2 t1",
                        "thrpt mlp b1 t1",
                        "thrpt mlp b2 t1");
        JsonNode manifest = JSON.readTree(folder.resolve("run.json").toFile());
        assertThat(manifest.get("results").get(0).asText()).isEqualTo("jmh-callers-1.json");
        assertThat(manifest.at("/engine/libtorch").asText()).startsWith("2.7.1");
        // forks start with the defaults, and the fork checked its preloads were mapped
        assertThat(manifest.at("/forks/default/allocator").asText())
                .isIn("tcmalloc", "jemalloc-bundled", "glibc-tuned");
        assertThat(folder.resolve("jmh.log")).content().contains("Run complete");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void aSweepDefinitionRunsEveryCallerCountAndTheCeiling() throws Exception {
        Path definition = work.resolve("tiny.properties");
        Path cnn =
                Path.of("src/test/resources/torchscript/small_cnn_1x3x32x32.pt").toAbsolutePath();
        Files.writeString(
                definition,
                String.join(
                        "\n",
                        "models = mlp, file:" + cnn,
                        "input = 1x3x32x32",
                        "batchSizes = 1",
                        "intraOpThreads = 1",
                        "callers = 1, 2",
                        "modes = thrpt",
                        "warmupIterations = 0",
                        "warmupTime = 100ms",
                        "measurementIterations = 1",
                        "measurementTime = 200ms",
                        "forks = 1",
                        "ceilingMatrixSize = 128",
                        "ceilingArrayMiB = 16",
                        "allocator = glibc-tuned",
                        "mklOnAmd = off"));
        Result r =
                run("quick", "--results", work.toString(), "--definition", definition.toString());
        assertThat(r.code).as(r.output).isZero();

        Path folder = onlyRunFolder();
        assertThat(folder.getFileName().toString()).startsWith("tiny-");
        assertThat(
                        JSON.readTree(
                                        folder.resolve("jmh-default-mlp-b1-t1-i0-c2-thrpt.json")
                                                .toFile())
                                .get(0)
                                .get("threads")
                                .asInt())
                .isEqualTo(2);
        JsonNode ceilings = JSON.readTree(folder.resolve("jmh-ceiling-t1.json").toFile());
        JsonNode ceiling = entry(ceilings, "org.effbench.bench.MatmulPeakBenchmark.matmul");
        assertThat(ceiling.at("/params/matrixSize").asText()).isEqualTo("128");
        assertThat(ceiling.at("/secondaryMetrics/gflop/score").asDouble()).isPositive();
        JsonNode fma = entry(ceilings, "org.effbench.bench.FmaPeakBenchmark.fma");
        assertThat(fma.at("/jvmArgs/0").asText()).isEqualTo("--add-modules=jdk.incubator.vector");
        assertThat(fma.at("/secondaryMetrics/gfma/score").asDouble()).isPositive();
        JsonNode manifest = JSON.readTree(folder.resolve("run.json").toFile());
        assertThat(manifest.at("/request/callers").asText()).isEqualTo("1, 2");
        assertThat(manifest.at("/forks/default/allocator").asText()).isEqualTo("glibc-tuned");
        assertThat(manifest.at("/forks/default/mklOnAmd").asText()).isEqualTo("off (off as asked)");
        assertThat(folder.resolve("fork-launcher-default.sh"))
                .content()
                .contains("export GLIBC_TUNABLES=");
        assertThat(folder.resolve("jmh.log"))
                .content()
                .contains(
                        "VM invoker: "
                                + folder.toAbsolutePath().resolve("fork-launcher-default.sh"));

        JsonNode machine = JSON.readTree(folder.resolve("machine.json").toFile());
        assertThat(machine.at("/ceilings/0/threads").asInt()).isEqualTo(1);
        assertThat(machine.at("/ceilings/0/gemmGflops").asDouble()).isPositive();
        assertThat(machine.at("/ceilings/0/memoryGBps").asDouble()).isPositive();
        assertThat(machine.at("/ceilings/0/fmaGflops").asDouble()).isPositive();
        assertThat(machine.at("/ceilings/0/fmaLanes").asInt()).isIn(4, 8, 16);
        assertThat(machine.at("/ceilings/0/fmaMethod").asText()).contains("FloatVector.fma");
        assertThat(machine.at("/theoreticalPeak/guess").asBoolean()).isTrue();

        List<String> csv = Files.readAllLines(folder.resolve("results.csv"));
        assertThat(csv.get(0)).startsWith("run_id,model,batch_size");
        // 2 models x 2 caller counts + FMA peak + GEMM + bandwidth
        assertThat(csv).hasSize(1 + 4 + 3);
        assertThat(csv.get(1))
                .contains(",mlp,1,1,1,fp32,thrpt,")
                // launch set, machine, the configuration's parameters, what the set resolved to,
                // the size of the GEMM, its GFLOP/s and % of it, and how the FMA peak was measured
                .matches(
                        ".*,,default,[0-9a-f]{12},batchSize=1&interOpThreads=0&intraOpThreads=1&model=mlp,"
                                + "allocator=[a-z-]+; mklOnAmd=[a-z]+,[0-9]+(,.*)?$");
        assertThat(folder.resolve("results.json")).content().startsWith("{").contains("\"rows\"");
        // the TorchScript file: operator MACs (hand-worked in TorchScriptOperatorsTest), % of the
        // measured peak
        Map<String, String> file =
                csvRows(folder.resolve("results.csv")).stream()
                        .filter(row -> row.get("model").equals("file:" + cnn))
                        .findFirst()
                        .orElseThrow();
        assertThat(file)
                .containsEntry("macs_per_sample", "295072")
                .containsEntry("flops_per_sample", "590144")
                .containsEntry("params", "1578")
                .containsEntry("activations_per_sample", "");
        assertThat(Double.parseDouble(file.get("pct_of_peak"))).isPositive();
        assertThat(Double.parseDouble(file.get("pct_of_gemm_ceiling"))).isPositive();
        assertThat(r.output)
                .contains(
                        "Results: ", "; report ", "Verdict (", "mlp:", "  throughput, any batch: ");
        assertThat(folder.resolve("report.html"))
                .content()
                .contains("<h2>Machine</h2>", "data:image/png;base64,");
        assertThat(folder.resolve("throughput_vs_batch.png")).isNotEmptyFile();
        assertThat(folder.resolve("roofline.png")).isNotEmptyFile();
        assertThat(folder.resolve("layer_macs_mlp.png")).isNotEmptyFile();
    }

    /**
     * tune --variants on two committed fixtures standing in for an export: the fp32 twin and the
     * bf16 file with the same weights; both measured, bf16's deviation from fp32 in the folder's
     * deviation.csv and the comparison in tuning.txt and report.html, which analyze --force derives
     * again from the folder alone.
     */
    @Test
    void tuneRunsAModelsVariantsAgainstItsFp32File() throws Exception {
        Path variants = Files.createDirectories(work.resolve("variants"));
        Path fixtures = Path.of("src/test/resources/torchscript");
        Files.copy(fixtures.resolve("tiny_cnn_fp32_1x3x16x16.pt"), variants.resolve("fp32.pt"));
        Files.copy(fixtures.resolve("bf16_saved_1x3x16x16.pt"), variants.resolve("bf16.pt"));
        Files.writeString(
                variants.resolve("variants.json"),
                "{\"model\": \"tiny_cnn\", \"input\": \"1x3x16x16\", \"variants\": ["
                        + "{\"name\": \"fp32\", \"file\": \"fp32.pt\"},"
                        + "{\"name\": \"bf16\", \"file\": \"bf16.pt\"},"
                        + "{\"name\": \"bn-folded\", \"file\": null, \"skipped\": \"no batch norm\"}]}");
        Path definition = work.resolve("tiny-variants.properties");
        Files.writeString(
                definition,
                String.join(
                        "\n",
                        "models = resnet50",
                        "interleave = models",
                        "batchSizes = 2",
                        "intraOpThreads = 1",
                        "callers = 1",
                        "modes = sample",
                        "warmupIterations = 0",
                        "warmupTime = 100ms",
                        "measurementIterations = 1",
                        "measurementTime = 200ms",
                        "forks = 1",
                        "ceilingMatrixSize = 0",
                        "ceilingArrayMiB = 0",
                        "ceilingFma = off",
                        "allocator = glibc-tuned",
                        "mklOnAmd = off"));
        Result r =
                run(
                        "tune",
                        "--model",
                        "tiny_cnn",
                        "--variants",
                        variants.toString(),
                        "--definition",
                        definition.toString(),
                        "--results",
                        work.toString());
        assertThat(r.code).as(r.output).isZero();
        Path folder = onlyRunFolder();
        assertThat(folder.resolve("variants.json"))
                .hasSameTextualContentAs(variants.resolve("variants.json"));
        List<Map<String, String>> deviations = csvRows(folder.resolve("deviation.csv"));
        assertThat(deviations)
                .extracting(d -> d.get("model"))
                .containsExactly(
                        "file:" + variants.resolve("fp32.pt").toAbsolutePath(),
                        "file:" + variants.resolve("bf16.pt").toAbsolutePath());
        // the file against itself differs nowhere; bf16 differs (DeviationCommandTest has its
        // figures against PyTorch's)
        assertThat(deviations.get(0))
                .containsEntry("max_abs_diff", "0.0")
                .containsEntry("samples", "200");
        assertThat(Double.parseDouble(deviations.get(1).get("max_abs_diff"))).isPositive();
        String tuning = Files.readString(folder.resolve("tuning.txt"));
        assertThat(tuning)
                .contains("variants of tiny_cnn against fp32 [default]")
                .contains("    bf16 (precision, bf16): latency ")
                .contains("  best precision: latency bf16 ")
                .contains("  note: not made: bn-folded (no batch norm)")
                .contains("accuracy itself cannot be measured");
        assertThat(folder.resolve("report.html")).content().contains("<h3>Variants</h3>");

        Result again = run("analyze", "--force", folder.toString());
        assertThat(again.code).as(again.output).isZero();
        assertThat(again.output).contains("    bf16 (precision, bf16): latency ");
    }

    @Test
    void opsProfilesAConfigurationInAJvmStartedLikeTheForks() throws Exception {
        Path csv = work.resolve("ops.csv");
        Result r =
                run(
                        "ops",
                        "--model",
                        "mlp",
                        "--passes",
                        "3",
                        "--format",
                        "csv",
                        "--output",
                        csv.toString());
        assertThat(r.code).as(r.output).isZero();
        assertThat(r.output).contains("Profiling in a JVM started with {java=");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0))
                .isEqualTo(
                        "operator,calls_per_pass,self_ms,self_pct,counted_ms,macs,flops,gflops_per_s,estimate");
        // the mlp's three linear layers: 784x512 + 512x512 + 512x10 MACs at batch 1
        assertThat(lines.get(lines.size() - 1)).startsWith("TOTAL,").contains(",668672,1337344,");
    }

    /**
     * A job that fails for certain: a file model that exists, so the definition is valid, but holds
     * text, so libtorch cannot load it in the fork.
     */
    @Test
    void aSweepRecordsAFailureGoesOnAndResumesOnlyWhatIsLeft() throws Exception {
        Files.writeString(work.resolve("not_torchscript.pt"), "not a TorchScript archive\n");
        Path definition = work.resolve("resume.properties");
        Files.writeString(
                definition,
                String.join(
                        "\n",
                        "models = mlp, file:not_torchscript.pt",
                        "input = 1x8",
                        "batchSizes = 1, 2",
                        "intraOpThreads = 1",
                        "callers = 1",
                        "modes = thrpt",
                        "warmupIterations = 0",
                        "warmupTime = 100ms",
                        "measurementIterations = 1",
                        "measurementTime = 200ms",
                        "forks = 1",
                        "ceilingMatrixSize = 0",
                        "ceilingArrayMiB = 0",
                        "ceilingFma = off",
                        "allocator = glibc",
                        "mklOnAmd = off"));
        Result first = run("sweep", definition.toString(), "--results", work.toString());
        // the file model's two jobs fail in their forks: recorded, the sweep goes on, exit code 1
        assertThat(first.code).as(first.output).isEqualTo(1);
        assertThat(first.output)
                .contains(
                        "[3/4] default-filenot_torchscriptpt-b1-t1-i0-c1-thrpt failed in",
                        "[4/4] default-filenot_torchscriptpt-b2-t1-i0-c1-thrpt failed in");
        Path folder = onlyRunFolder();
        JsonNode state = JSON.readTree(folder.resolve("sweep.json").toFile());
        assertThat(state.at("/jobs/default-mlp-b1-t1-i0-c1-thrpt/status").asText())
                .isEqualTo("done");
        assertThat(state.at("/jobs/default-filenot_torchscriptpt-b1-t1-i0-c1-thrpt/error").asText())
                .startsWith("not_torchscript.pt is not a TorchScript file libtorch can load: ")
                .doesNotContain("\n");
        // one line on the console; the stack trace only in the log
        assertThat(first.output)
                .doesNotContain("\tat ", "Caused by", "Benchmark caught the exception")
                .contains(
                        "[3/4] default-filenot_torchscriptpt-b1-t1-i0-c1-thrpt failed in ",
                        " s: not_torchscript.pt is not a TorchScript file libtorch can load: ");
        assertThat(folder.resolve("jmh.log"))
                .content()
                .contains("\tat org.effbench.model.TorchScriptModel.load");
        assertThat(folder.resolve("results.csv")).exists();

        // a crash after the first job: its state says pending and its JSON is gone
        Files.delete(folder.resolve("jmh-default-mlp-b2-t1-i0-c1-thrpt.json"));
        Files.writeString(
                folder.resolve("sweep.json"),
                Files.readString(folder.resolve("sweep.json"))
                        .replace("\"complete\" : true", "\"complete\" : false"));
        Result resumed = run("sweep", definition.toString(), "--results", work.toString());
        assertThat(resumed.output)
                .contains(
                        "resuming " + folder, "with 2 done", "[1/1] default-mlp-b2-t1-i0-c1-thrpt")
                .doesNotContain("default-mlp-b1-t1-i0-c1-thrpt done");
        assertThat(onlyRunFolder()).isEqualTo(folder);
        assertThat(folder.resolve("jmh-default-mlp-b2-t1-i0-c1-thrpt.json")).exists();
        assertThat(Files.readAllLines(folder.resolve("results.csv"))).hasSize(1 + 2);

        // the file fixed, --retry-failed runs the two failed jobs again, in the same folder
        Files.copy(
                Path.of("src/test/resources/torchscript/residual_left_1x8.pt").toAbsolutePath(),
                work.resolve("not_torchscript.pt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Result retried =
                run("sweep", definition.toString(), "--results", work.toString(), "--retry-failed");
        assertThat(retried.code).as(retried.output).isZero();
        assertThat(retried.output)
                .contains(
                        "resuming " + folder,
                        "running again the 2 that failed",
                        "[1/2] default-filenot_torchscriptpt-b1-t1-i0-c1-thrpt done in",
                        "[2/2] default-filenot_torchscriptpt-b2-t1-i0-c1-thrpt done in");
        assertThat(onlyRunFolder()).isEqualTo(folder);
        JsonNode after = JSON.readTree(folder.resolve("sweep.json").toFile());
        after.get("jobs").forEach(job -> assertThat(job.get("status").asText()).isEqualTo("done"));
        assertThat(after.get("complete").asBoolean()).isTrue();
        assertThat(Files.readAllLines(folder.resolve("results.csv"))).hasSize(1 + 4);
    }

    @Test
    void theHarnessRunsAUsersTorchScriptFile() throws Exception {
        Path fixture =
                Path.of("src/test/resources/torchscript/tiny_attention_1x8_int64.pt")
                        .toAbsolutePath();
        Result r =
                run(
                        "--results",
                        work.toString(),
                        "-p",
                        "model=file:" + fixture,
                        "-p",
                        "input=1x8:int64",
                        "-p",
                        "batchSize=2",
                        "-bm",
                        "sample",
                        "-wi",
                        "0",
                        "-i",
                        "1",
                        "-r",
                        "200ms",
                        "-f",
                        "1");
        assertThat(r.code).as(r.output).isZero();
        JsonNode result =
                JSON.readTree(onlyRunFolder().resolve("jmh-callers-1.json").toFile()).get(0);
        assertThat(result.at("/params/model").asText()).isEqualTo("file:" + fixture);
        assertThat(result.at("/primaryMetric/score").asDouble()).isPositive();
        // counted at batch 2, per sample: the 36,928 MACs worked out in TorchScriptOperatorsTest
        assertThat(csvRows(onlyRunFolder().resolve("results.csv")).get(0))
                .containsEntry("macs_per_sample", "36928");

        Result missing =
                run(
                        "--results",
                        work.resolve("other").toString(),
                        "-p",
                        "model=file:" + fixture,
                        "-p",
                        "batchSize=1");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.output.strip())
                .isEqualTo(
                        "benchmarks.jar: model file:"
                                + fixture
                                + " needs -p input=SHAPES, e.g. 1x3x224x224 or 1x128:int64;1x128:int64");
    }

    /**
     * a = 2x, b = a + 1, c = a * b on a 2 x 2^20 float input: a, b and c alive at once are 3 x 8
     * MiB = 25,165,824 bytes (scripts/make_torchscript_fixtures.py); the kernel's resident counters
     * are approximate to a few hundred KB.
     */
    @Test
    void profileMeasuresTheKnownPeakMemoryOfATorchScriptFile() throws Exception {
        Path fixture =
                Path.of("src/test/resources/torchscript/three_live_tensors_1x1048576.pt")
                        .toAbsolutePath();
        Result r =
                run(
                        "profile",
                        "--model",
                        "file:" + fixture,
                        "--input",
                        "1x1048576",
                        "--batch",
                        "2");
        assertThat(r.code).as(r.output).isZero();
        assertThat(r.output).contains("allocator=glibc-returning");
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(
                                "Peak memory of one pass at batch 2, measured: ([\\d,]+) bytes")
                        .matcher(r.output);
        assertThat(m.find()).as(r.output).isTrue();
        assertThat(Long.parseLong(m.group(1).replace(",", "")))
                .isBetween(25_165_824L - 1_048_576, 25_165_824L + 1_048_576);
    }

    @Test
    void versionNamesTheBuildAndItsCommit() throws Exception {
        Result r = run("--version");
        assertThat(r.code).isZero();
        assertThat(r.output)
                .containsPattern(
                        "^effbench \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?, commit ([0-9a-f]{40}|unknown)");
    }

    @Test
    void badInputFailsBeforeMeasuring() throws Exception {
        Result r = run("--results", work.toString(), "-p", "model=resnet51");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.output.strip())
                .startsWith("benchmarks.jar: unknown model 'resnet51'; known models: alexnet");
        assertThat(work.resolve("runs")).doesNotExist();
    }

    /**
     * A model file libtorch cannot load and a batch whose input cannot be allocated (in a fork
     * limited to 16 GB of address space, so the allocation fails however the kernel overcommits):
     * one line with libtorch's reason, the stack trace in the run's log.
     */
    @Test
    void harnessFailuresEndInOneLineWithTheRealCause() throws Exception {
        Files.createFile(work.resolve("empty.pt"));
        Result bad =
                run(
                        "--results",
                        work.resolve("bad").toString(),
                        "-p",
                        "model=file:empty.pt",
                        "-p",
                        "input=1x8",
                        "-bm",
                        "thrpt",
                        "-wi",
                        "0",
                        "-i",
                        "1",
                        "-r",
                        "100ms",
                        "-f",
                        "1");
        assertThat(bad.code).as(bad.output).isEqualTo(1);
        assertThat(lastLine(bad))
                .isEqualTo(
                        "benchmarks.jar: benchmark failed: empty.pt is not a TorchScript file"
                                + " libtorch can load: PytorchStreamReader failed reading zip"
                                + " archive: not a ZIP archive");
        assertThat(bad.output).doesNotContain("\tat ", "Caused by", "Benchmark had encountered");
        Path log = onlyRunFolder(work.resolve("bad")).resolve("jmh.log");
        assertThat(bad.output).contains("Iteration   1: <failure> (the stack trace is in " + log);
        assertThat(log).content().contains("\tat org.effbench.model.TorchScriptModel.load");

        Path limited = work.resolve("java-16g.sh");
        Files.writeString(
                limited,
                "#!/bin/sh\nulimit -v 16000000\nexec '"
                        + Path.of(System.getProperty("java.home"), "bin", "java")
                        + "' \"$@\"\n");
        limited.toFile().setExecutable(true);
        Result huge =
                run(
                        "--results",
                        work.resolve("huge").toString(),
                        "-jvm",
                        limited.toString(),
                        "-p",
                        "batchSize=100000000",
                        "-bm",
                        "thrpt",
                        "-wi",
                        "0",
                        "-i",
                        "1",
                        "-r",
                        "100ms",
                        "-f",
                        "1");
        assertThat(huge.code).as(huge.output).isEqualTo(1);
        assertThat(lastLine(huge))
                .startsWith(
                        "benchmarks.jar: benchmark failed: model mlp cannot make its input at batch"
                                + " 100000000: ")
                .contains("can't allocate memory: you tried to allocate 313600000000 bytes");
        assertThat(huge.output).doesNotContain("\tat ");
    }

    /**
     * A fork killed from outside (as the kernel's OOM killer does) through a JDK whose java kills
     * the fork a second after starting it.
     */
    @Test
    void aForkKilledFromOutsideIsRecordedAsKilledBySignal9() throws Exception {
        Path jdk = work.resolve("killing-jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Path java = jdk.resolve("bin/java");
        Files.writeString(
                java,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "'"
                                + Path.of(System.getProperty("java.home"), "bin", "java")
                                + "' \"$@\" &",
                        "fork=$!",
                        "sleep 1",
                        "kill -9 $fork",
                        "wait $fork 2>/dev/null",
                        ""));
        java.toFile().setExecutable(true);
        Path definition = tinyDefinition("killed", "5s", "jdk = " + jdk);
        Result r = run("sweep", definition.toString(), "--results", work.toString());
        assertThat(r.code).as(r.output).isEqualTo(1);
        String killed = "the fork was killed by signal 9 (out of memory?)";
        assertThat(r.output)
                .contains("[1/1] default-mlp-b1-t1-i0-c1-thrpt failed in ", killed)
                .doesNotContain("<stdout last=", "Benchmark caught the exception");
        JsonNode state = JSON.readTree(onlyRunFolder().resolve("sweep.json").toFile());
        assertThat(state.at("/jobs/default-mlp-b1-t1-i0-c1-thrpt/error").asText())
                .isEqualTo(killed);
    }

    /**
     * A full disk (simulated: writes fail once 2000 bytes have been written, room for sweep.json
     * but not for the JMH result): one line naming the file, no partial file, the job pending.
     */
    @Test
    void aFullDiskEndsInOneLineNamingTheFileAndLeavesNothingHalfWritten() throws Exception {
        Path definition = tinyDefinition("full", "100ms", "");
        Result r =
                runWith(
                        List.of("-D" + AtomicFiles.DISK_SPACE + "=2000"),
                        "sweep",
                        definition.toString(),
                        "--results",
                        work.toString());
        Path folder = onlyRunFolder();
        assertThat(r.code).as(r.output).isEqualTo(1);
        assertThat(lastLine(r))
                .isEqualTo(
                        "benchmarks.jar: cannot write "
                                + folder.resolve("jmh-default-mlp-b1-t1-i0-c1-thrpt.json")
                                + ": No space left on device; 0 of 1 jobs done and kept in "
                                + folder
                                + " (sweep.json says which); the same command resumes, running"
                                + " only what is left");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".partial") || n.startsWith("jmh-default"));
        }
        assertThat(
                        JSON.readTree(folder.resolve("sweep.json").toFile())
                                .at("/jobs/default-mlp-b1-t1-i0-c1-thrpt/status")
                                .asText())
                .isEqualTo("pending");
    }

    /**
     * A second sweep on a running one's folder refuses, naming the first's PID, and writes nothing;
     * the first, stopped from outside (SIGTERM here: Ctrl-C's SIGINT is ignored by processes
     * started in the background, and both take the same path), says what it kept and releases its
     * lock.
     */
    @Test
    void oneRunnerPerFolderAndAStoppedRunSaysWhatItKept() throws Exception {
        Path definition = tinyDefinition("locked", "10s", "");
        Path firstLog = work.resolve("first.txt");
        Process first =
                start(firstLog, "sweep", definition.toString(), "--results", work.toString());
        try {
            // the console says nothing until the configuration finishes; its fork's start is in
            // the run's log
            awaitOutput(firstLog, "Launch set default:");
            Path folder = onlyRunFolder();
            awaitOutput(folder.resolve("jmh.log"), "# Fork: 1 of 1");
            byte[] state = Files.readAllBytes(folder.resolve("sweep.json"));

            Result second = run("sweep", definition.toString(), "--results", work.toString());
            assertThat(second.code).as(second.output).isEqualTo(1);
            assertThat(second.output.strip())
                    .isEqualTo(
                            "benchmarks.jar: run folder "
                                    + folder
                                    + " is in use by another effbench run (PID "
                                    + first.pid()
                                    + "); wait for it to end, or stop it and run again");
            assertThat(folder.resolve("sweep.json")).hasBinaryContent(state);

            new ProcessBuilder("kill", "-TERM", Long.toString(first.pid())).start().waitFor();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(firstLog);
            assertThat(first.exitValue()).as(output).isEqualTo(143);
            assertThat(output.strip().lines().reduce((a, b) -> b).orElse(""))
                    .isEqualTo(
                            "benchmarks.jar: stopped; 0 of 1 jobs done and kept in "
                                    + folder
                                    + " (sweep.json says which); the same command resumes,"
                                    + " running only what is left");
            assertThat(folder.resolve(".effbench.lock")).as("released").isEmptyFile();
            assertThat(
                            JSON.readTree(folder.resolve("sweep.json").toFile())
                                    .at("/jobs/default-mlp-b1-t1-i0-c1-thrpt/status")
                                    .asText())
                    .isEqualTo("pending");
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly();
        }
    }

    /** The entry of JMH's JSON array for {@code benchmark}. */
    private static JsonNode entry(JsonNode results, String benchmark) {
        for (JsonNode r : results) {
            if (r.get("benchmark").asText().equals(benchmark)) {
                return r;
            }
        }
        throw new AssertionError(benchmark + " not in " + results);
    }

    /** One mlp configuration, thrpt, no ceiling. */
    private Path tinyDefinition(String name, String measurementTime, String extra)
            throws IOException {
        Path definition = work.resolve(name + ".properties");
        Files.writeString(
                definition,
                String.join(
                        "\n",
                        "models = mlp",
                        "batchSizes = 1",
                        "intraOpThreads = 1",
                        "callers = 1",
                        "modes = thrpt",
                        "warmupIterations = 0",
                        "warmupTime = 100ms",
                        "measurementIterations = 1",
                        "measurementTime = " + measurementTime,
                        "forks = 1",
                        "ceilingMatrixSize = 0",
                        "ceilingArrayMiB = 0",
                        "ceilingFma = off",
                        "allocator = glibc",
                        "mklOnAmd = off",
                        extra));
        return definition;
    }

    private static String lastLine(Result r) {
        return r.output.strip().lines().reduce((a, b) -> b).orElse("");
    }

    private Path onlyRunFolder() throws IOException {
        return onlyRunFolder(work);
    }

    private static Path onlyRunFolder(Path results) throws IOException {
        try (Stream<Path> runs = Files.list(results.resolve("runs"))) {
            List<Path> all = runs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private record Result(int code, String output) {}

    /**
     * Runs the jar with its output going to a file, so the time limit holds even when the process
     * hangs without closing its output; past the limit it and its forks are stopped.
     */
    private Result run(String... args) throws Exception {
        return runWith(List.of(), args);
    }

    /** Starts the jar with its output going to {@code log}. */
    private Process start(Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private Process start(Path log, String... args) throws IOException {
        return start(log, List.of(), args);
    }

    /** Waits until {@code log} holds {@code text}. */
    private static void awaitOutput(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!Files.exists(log)
                || !Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
            assertThat(System.nanoTime())
                    .as(
                            "waiting for '%s' in:%n%s",
                            text, Files.exists(log) ? Files.readString(log) : "(no file)")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private Result runWith(List<String> jvmOptions, String... args) throws Exception {
        Path log = Files.createTempFile(work, "output-", ".txt");
        Process p = start(log, jvmOptions, args);
        boolean finished = p.waitFor(RUN_LIMIT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished)
                .as(
                        "benchmarks.jar %s still running after %d minutes, stopped; its output:%n%s",
                        String.join(" ", args), RUN_LIMIT_MINUTES, output)
                .isTrue();
        return new Result(p.exitValue(), output);
    }

    private static List<Map<String, String>> csvRows(Path csv) throws IOException {
        try (org.apache.commons.csv.CSVParser parser =
                org.apache.commons.csv.CSVParser.parse(
                        csv,
                        java.nio.charset.StandardCharsets.UTF_8,
                        org.apache.commons.csv.CSVFormat.DEFAULT
                                .builder()
                                .setHeader()
                                .setSkipHeaderRecord(true)
                                .get())) {
            return parser.getRecords().stream()
                    .map(org.apache.commons.csv.CSVRecord::toMap)
                    .toList();
        }
    }
}
