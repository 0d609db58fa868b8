package org.effbench.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's files read back: HdrHistogram's own log reader, and the JSON. */
class ServeFilesTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @TempDir Path dir;

    @Test
    void everyPointsHistogramsComeBackFromTheLogAndTheJsonNamesThem() throws Exception {
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
        ServeFiles.write(
                dir,
                new ServeSetup("sim", 1, 0),
                o,
                java.util.Map.of("allocator", "jemalloc"),
                List.of("serve-latency.png"));

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
    }
}
