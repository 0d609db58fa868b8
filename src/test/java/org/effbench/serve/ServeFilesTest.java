package org.effbench.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.effbench.model.ModelRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's files read back: HdrHistogram's own log reader, and the JSON. */
class ServeFilesTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @TempDir Path dir;

    /** A simulated search: 10 ms service, bound 50 ms, one worker. */
    private static Capacity.Outcome simulated() {
        ServeSettings settings =
                new ServeSettings(
                        new BatchPolicy(2, MS),
                        Arrival.POISSON,
                        new RunLength(1000, 10 * S, 1_000_000, 600 * S),
                        50 * MS,
                        ServeSettings.SEED,
                        OptionalDouble.empty(),
                        10 * S);
        Capacity.Outcome o =
                Capacity.run(
                        new Simulation(1, Simulation.fixed(10 * MS)),
                        settings,
                        new Capacity.Listener() {
                            @Override
                            public void offline(PointResult offline) {}

                            @Override
                            public void point(int index, Capacity.Point point) {}
                        });
        return o;
    }

    @Test
    void everyPointsHistogramsComeBackFromTheLogAndTheJsonNamesThem() throws Exception {
        Capacity.Outcome o = simulated();
        ServeFiles.write(
                dir,
                new ServeSetup("sim", 1, 0),
                o,
                new ServeFiles.Run(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Map.of("allocator", "jemalloc"),
                        List.of("serve-latency.png")));

        List<Histogram> read = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(dir.resolve(ServeFiles.HLOG).toFile());
        for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
            read.add((Histogram) h);
        }
        assertThat(read).hasSize(3 * (1 + o.points().size()));
        assertThat(read.get(0).getTag()).isEqualTo("offline.latency");
        Histogram latency1 = read.get(3);
        assertThat(latency1.getTag()).isEqualTo("point-1.latency");
        assertThat(latency1).isEqualTo(o.points().get(0).result().latency());
        assertThat(read.get(5).getTag()).isEqualTo("point-1.service");

        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve(ServeFiles.JSON)));
        assertThat(json.get("points")).hasSize(o.points().size());
        JsonNode first = json.get("points").get(0);
        assertThat(first.get("served").asLong()).isEqualTo(latency1.getTotalCount());
        assertThat(first.get("latency_ms").get("p99").asDouble())
                .isEqualTo(latency1.getValueAtPercentile(99) / 1e6);
        assertThat(json.get("capacity").get("rate_per_s").asDouble())
                .isEqualTo(o.capacity().orElseThrow().result().rate());
        assertThat(json.get("max_batch").asInt()).isEqualTo(2);
        assertThat(json.get("launch").get("allocator").asText()).isEqualTo("jemalloc");
        assertThat(json.get("charts").get(0).asText()).isEqualTo("serve-latency.png");
        // a run of its own is no sweep job, and a synthetic service no model
        assertThat(json.has("job_id")).isFalse();
        assertThat(json.has("launch_set")).isFalse();
        assertThat(json.has("model")).isFalse();
    }

    /**
     * A sweep's job writes serve-ID.json and serve-ID.hlog, saying which job and launch set it was,
     * and its model as a definition's models key writes it (a file model with its input).
     */
    @Test
    void aSweepJobWritesItsOwnFilesNamingTheJobTheLaunchSetAndTheModel() throws Exception {
        Capacity.Outcome o = simulated();
        ModelRef file = new ModelRef("file:m.pt", "1x3x32x32:float32");
        List<Path> written =
                ServeFiles.write(
                        dir,
                        new ServeSetup(file.model(), 2, 1),
                        o,
                        ServeFiles.Run.job(
                                file, "gc-filempt-w2-t1-mb2-d1ms-serve", "gc", Map.of()));

        assertThat(written)
                .containsExactly(
                        dir.resolve("serve-gc-filempt-w2-t1-mb2-d1ms-serve.json"),
                        dir.resolve("serve-gc-filempt-w2-t1-mb2-d1ms-serve.hlog"));
        assertThat(dir.resolve(ServeFiles.JSON)).doesNotExist();
        JsonNode json = new ObjectMapper().readTree(written.get(0).toFile());
        assertThat(json.get("job_id").asText()).isEqualTo("gc-filempt-w2-t1-mb2-d1ms-serve");
        assertThat(json.get("launch_set").asText()).isEqualTo("gc");
        assertThat(json.get("model").asText()).isEqualTo("file:m.pt");
        assertThat(json.get("input").asText()).isEqualTo("1x3x32x32:float32");
        assertThat(written.get(1))
                .content()
                .contains("see serve-gc-filempt-w2-t1-mb2-d1ms-serve.json");

        // a zoo model has no input key
        ServeFiles.write(
                dir,
                new ServeSetup("mlp", 1, 1),
                o,
                ServeFiles.Run.job(new ModelRef("mlp", ""), "j", "default", Map.of()));
        JsonNode zoo = new ObjectMapper().readTree(dir.resolve("serve-j.json").toFile());
        assertThat(zoo.get("model").asText()).isEqualTo("mlp");
        assertThat(zoo.has("input")).isFalse();

        // what a sweep's console line reads back is what the run found
        ServeFiles.Summary summary = ServeFiles.summary(written.get(0));
        assertThat(summary.capacity().getAsDouble())
                .isEqualTo(o.capacity().orElseThrow().result().rate());
        assertThat(summary.valid()).isEqualTo(o.capacity().get().judgement().valid());
        assertThat(summary.boundMs()).isEqualTo(50.0);
        assertThat(summary.offline().getAsDouble())
                .isEqualTo(o.offline().orElseThrow().achievedRate());
        assertThat(summary.failing().getAsDouble()).isEqualTo(o.failing());
    }

    @Test
    void aFileThatIsNoServeJsonIsNamed() throws Exception {
        Path other = Files.writeString(dir.resolve("x.json"), "{\"benchmark\": 1}");
        assertThatThrownBy(() -> ServeFiles.summary(other))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage(other + " is not a serve run's JSON (no bound_ms)");
    }
}
