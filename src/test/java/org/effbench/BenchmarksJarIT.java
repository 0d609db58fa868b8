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
                .isIn("tcmalloc", "glibc-tuned");
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
        JsonNode ceiling = JSON.readTree(folder.resolve("jmh-ceiling-t1.json").toFile()).get(0);
        assertThat(ceiling.at("/params/matrixSize").asText()).isEqualTo("128");
        assertThat(ceiling.at("/secondaryMetrics/gflop/score").asDouble()).isPositive();
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
        assertThat(machine.at("/theoreticalPeak/guess").asBoolean()).isTrue();

        List<String> csv = Files.readAllLines(folder.resolve("results.csv"));
        assertThat(csv.get(0)).startsWith("run_id,model,batch_size");
        // 2 models x 2 caller counts + GEMM + bandwidth
        assertThat(csv).hasSize(1 + 4 + 2);
        assertThat(csv.get(1))
                .contains(",mlp,1,1,1,fp32,thrpt,")
                // launch set, machine, the configuration's parameters, what the set resolved to,
                // and
                // the size of the GEMM that measured the peak
                .matches(
                        ".*,,default,[0-9a-f]{12},batchSize=1&interOpThreads=0&intraOpThreads=1&model=mlp,"
                                + "allocator=[a-z-]+; mklOnAmd=[a-z]+,[0-9]+$");
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
        assertThat(r.output).contains("Derived results: ", "Report: ");
        assertThat(folder.resolve("report.html"))
                .content()
                .contains("<h2>Machine</h2>", "data:image/png;base64,");
        assertThat(folder.resolve("throughput_vs_batch.png")).isNotEmptyFile();
        assertThat(folder.resolve("roofline.png")).isNotEmptyFile();
        assertThat(folder.resolve("layer_macs_mlp.png")).isNotEmptyFile();
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
                .contains("not_torchscript.pt is not a TorchScript file libtorch can load");
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

    private Path onlyRunFolder() throws IOException {
        try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
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
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                JAR.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(work, "output-", ".txt");
        Process p =
                new ProcessBuilder(command)
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
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
