package org.effbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.effbench.launch.ForkLauncher;
import org.effbench.sweep.LaunchSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve command as a sweep's job: in the JVM the sweep started for it (so it does not start
 * another), it writes serve-ID.json and serve-ID.hlog into the folder it is given and nothing else
 * (no run folder, no charts), saying which job and launch set it was. The search runs for real on
 * mlp with tiny minimums; no figure of it is asserted.
 */
class ServeCommandTest {

    private static final String ID = "gc-mlp-w1-t1-mb2-d1ms-serve";

    @TempDir Path dir;

    @Test
    void aSweepsJobWritesItsTwoFilesIntoTheGivenFolderAndNothingElse() throws Exception {
        Map<String, String> properties =
                Map.of(
                        ForkLauncher.LAUNCHED,
                        "true",
                        ForkLauncher.SETTING + "allocator",
                        "glibc",
                        LaunchSet.PROPERTY,
                        "gc");
        properties.forEach(System::setProperty);
        int code;
        Path results = dir.resolve("results");
        Path into = Files.createDirectory(dir.resolve("run"));
        try {
            code =
                    Main.run(
                            "serve",
                            "--model",
                            "mlp",
                            "--p99",
                            "1s",
                            "--workers",
                            "1",
                            "--threads",
                            "1",
                            "--max-batch",
                            "2",
                            "--max-delay",
                            "1ms",
                            "--min-seconds",
                            "0",
                            "--min-queries",
                            "20",
                            "--queries",
                            "200",
                            "--seconds",
                            "1",
                            "--job-id",
                            ID,
                            "--into",
                            into.toString(),
                            "--results",
                            results.toString());
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }

        assertThat(code).isZero();
        try (Stream<Path> files = Files.list(into)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("serve-" + ID + ".json", "serve-" + ID + ".hlog");
        }
        assertThat(results).as("no run folder of its own").doesNotExist();
        JsonNode json = new ObjectMapper().readTree(into.resolve("serve-" + ID + ".json").toFile());
        assertThat(json.get("job_id").asText()).isEqualTo(ID);
        assertThat(json.get("launch_set").asText()).isEqualTo("gc");
        assertThat(json.get("model").asText()).isEqualTo("mlp");
        assertThat(json.has("input")).as("a zoo model").isFalse();
        assertThat(json.get("launch").get("allocator").asText()).isEqualTo("glibc");
        assertThat(json.get("workers").asInt()).isEqualTo(1);
        assertThat(json.get("intra_op_threads").asInt()).isEqualTo(1);
        assertThat(json.get("max_batch").asInt()).isEqualTo(2);
        assertThat(json.get("max_delay_ms").asDouble()).isEqualTo(1.0);
        assertThat(json.get("bound_ms").asDouble()).isEqualTo(1000.0);
        assertThat(json.get("min_queries").asInt()).isEqualTo(20);
        assertThat(json.get("charts")).isEmpty();
        assertThat(json.get("points")).isNotEmpty();
        assertThat(json.get("offline").get("throughput_per_s").asDouble()).isPositive();
        assertThat(into.resolve("serve-" + ID + ".hlog"))
                .content()
                .contains("point-1.latency", "offline.latency");
        assertThat(List.of(json.get("capacity").isNull(), json.get("capacity").isObject()))
                .containsOnlyOnce(true);
    }
}
