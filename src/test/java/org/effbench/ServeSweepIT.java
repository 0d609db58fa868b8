package org.effbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serve sweep as users run it, from the shaded jar: two serve jobs on mlp (no batching, a batcher
 * of 4) with points of a second or two, then the FMA peak at the one core the layout uses. Each job
 * leaves its JSON and its histograms in the sweep's folder and nothing of its own, and the sweep's
 * results have both layouts' rows, charts and serving verdict; the capacities found are not
 * asserted (they depend on the machine).
 */
class ServeSweepIT {

    private static final Path JAR =
            Path.of(System.getProperty("effbench.jar", "target/benchmarks.jar")).toAbsolutePath();
    private static final long RUN_LIMIT_MINUTES = 3;
    private static final List<String> JOBS =
            List.of("default-mlp-w1-t1-mb1-d0ms-serve", "default-mlp-w1-t1-mb4-d2ms-serve");

    @TempDir Path work;

    @Test
    void aServeSweepKeepsEachJobsJsonAndHistogramsAndCompletes() throws Exception {
        Path definition = work.resolve("tiny-serve.properties");
        Files.writeString(
                definition,
                String.join(
                        "\n",
                        "kind = serve",
                        "models = mlp",
                        "layouts = 1x1",
                        "maxBatch = 1, 4",
                        "maxDelay = 2ms",
                        "p99 = 50ms",
                        "minQueries = 100",
                        "minSeconds = 1",
                        "maxSeconds = 2",
                        "ceilingMatrixSize = 0",
                        "ceilingArrayMiB = 0",
                        "allocator = glibc",
                        "mklOnAmd = off",
                        ""));

        Path log = work.resolve("output.txt");
        Process p =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                JAR.toString(),
                                "sweep",
                                definition.toString(),
                                "--results",
                                work.toString())
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
                .as("still running after %d minutes:%n%s", RUN_LIMIT_MINUTES, output)
                .isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        Path folder;
        try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
            List<Path> all = runs.toList();
            assertThat(all).as("one run folder, none of the jobs' own").hasSize(1);
            folder = all.get(0);
        }
        assertThat(output)
                .contains(
                        "effbench tiny-serve: 3 jobs (2 serve layouts, each a capacity search in its"
                                + " own JVM, then the ceilings)",
                        "  serve mlp, 1 worker x 1 thread; max batch 4, max delay 2.00 ms",
                        "[1/3] " + JOBS.get(0) + " done in ",
                        "[2/3] " + JOBS.get(1) + " done in ",
                        "[3/3] ceiling-t1 done in ");
        assertThat(output.lines().filter(l -> l.startsWith("[1/3] ")).findFirst().orElseThrow())
                .containsPattern(": (capacity [0-9.,]+/s within p99 50.0 ms|no capacity)");

        ObjectMapper json = new ObjectMapper();
        for (String id : JOBS) {
            JsonNode serve = json.readTree(folder.resolve("serve-" + id + ".json").toFile());
            assertThat(serve.get("job_id").asText()).isEqualTo(id);
            assertThat(serve.get("launch_set").asText()).isEqualTo("default");
            assertThat(serve.get("model").asText()).isEqualTo("mlp");
            assertThat(serve.get("launch").get("allocator").asText()).isEqualTo("glibc");
            assertThat(serve.get("bound_ms").asDouble()).isEqualTo(50.0);
            assertThat(serve.get("charts")).isEmpty();
            assertThat(serve.get("points")).isNotEmpty();
            List<String> tags = new ArrayList<>();
            HistogramLogReader reader =
                    new HistogramLogReader(folder.resolve("serve-" + id + ".hlog").toFile());
            for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
                tags.add(h.getTag());
            }
            assertThat(tags)
                    .hasSize(3 * (1 + serve.get("points").size()))
                    .startsWith("offline.latency", "offline.queue", "offline.service");
        }
        assertThat(folder.resolve("jmh-ceiling-t1.json")).isNotEmptyFile();

        JsonNode state = json.readTree(folder.resolve("sweep.json").toFile());
        assertThat(state.get("complete").asBoolean()).isTrue();
        for (String id : JOBS) {
            assertThat(state.at("/jobs/" + id + "/status").asText()).isEqualTo("done");
        }
        JsonNode manifest = json.readTree(folder.resolve("run.json").toFile());
        assertThat(manifest.at("/request/kind").asText()).isEqualTo("serve");
        List<String> results = new ArrayList<>();
        manifest.get("results").forEach(r -> results.add(r.asText()));
        assertThat(results)
                .containsExactly(
                        "serve-" + JOBS.get(0) + ".json",
                        "serve-" + JOBS.get(0) + ".hlog",
                        "serve-" + JOBS.get(1) + ".json",
                        "serve-" + JOBS.get(1) + ".hlog",
                        "jmh-ceiling-t1.json");
        assertThat(folder.resolve("jmh.log")).content().contains("# serve job " + JOBS.get(0));
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".partial"))
                    .noneMatch(n -> n.startsWith("serve-latency") || n.equals("serve.json"));
        }

        // the post-processor's rows, charts and serving verdict of the two layouts
        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(folder.resolve("results.csv"));
                CSVParser csv = Csv.READ.parse(in)) {
            rows = csv.getRecords();
        }
        assertThat(rows)
                .filteredOn(r -> r.get("benchmark").equals("serve"))
                .allMatch(r -> r.get("model").equals("mlp") && r.get("launch").equals("default"))
                .filteredOn(r -> r.get("serve_point").equals("offline"))
                .extracting(r -> r.get("batch_size"))
                .containsExactly("1", "4");
        assertThat(folder.resolve("serve_latency_mlp.png")).isNotEmptyFile();
        assertThat(folder.resolve("serve_throughput_mlp.png")).isNotEmptyFile();
        assertThat(output)
                .contains("  serving capacity (open loop), p99 <= 50.0 ms: ")
                .doesNotContain("not drawn");
    }
}
