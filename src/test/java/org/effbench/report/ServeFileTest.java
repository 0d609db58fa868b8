package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.effbench.report.ServeFixtures.MS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import org.effbench.serve.BatchPolicy;
import org.effbench.serve.Capacity;
import org.effbench.serve.PointResult;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A serve run's files read back as the run had them in memory. */
class ServeFileTest {

    @TempDir Path dir;

    /** 8 ms + 2 ms per request of the batch: a batch of 4 takes 16 ms, 4 ms per request. */
    static final Simulation.ServiceTime GROWING = (worker, size, start) -> 8 * MS + 2 * MS * size;

    static long nanos(int size) {
        return 8 * MS + 2 * MS * size;
    }

    static Capacity.Outcome batched() {
        return ServeFixtures.run(
                1, GROWING, new BatchPolicy(4, 5 * MS), 100 * MS, OptionalDouble.empty());
    }

    @Test
    void everyPointComesBackWithItsExactHistogramsAndJudgement() throws Exception {
        Capacity.Outcome o = batched();
        Path json = ServeFixtures.write(dir, "", new ServeSetup("mlp", 1, 2), o, Map.of());

        ServeFile f = ServeFile.read(json);

        assertThat(f.name()).isEqualTo("serve.json");
        // a file written before the model field: the model is the service's name
        assertThat(f.model()).isEqualTo("mlp");
        assertThat(f.input()).isEmpty();
        assertThat(f.jobId()).isEmpty();
        assertThat(f.problems()).isEmpty();
        assertThat(f.layout()).isEqualTo(new ServeFile.Layout(1, 2, 4, 5.0, "poisson", 99, 100));
        assertThat(f.layout().text()).isEqualTo("1 worker x 2 threads, batches <= 4 after 5.00 ms");
        assertThat(f.launch()).containsEntry("allocator", "tcmalloc");
        assertThat(f.points()).hasSize(o.points().size());
        for (int i = 0; i < o.points().size(); i++) {
            Capacity.Point expected = o.points().get(i);
            ServeFile.Point read = f.points().get(i);
            assertThat(read.offered()).isEqualTo(expected.result().rate());
            assertThat(read.latency().exact()).contains(expected.result().latency());
            assertThat(read.latency().percentile(95))
                    .isEqualTo(PointResult.millis(expected.result().latency(), 95));
            assertThat(read.latency().min())
                    .isEqualTo(expected.result().latency().getMinValue() / 1e6);
            assertThat(read.service().exact()).contains(expected.result().service());
            assertThat(read.valid()).isEqualTo(expected.judgement().valid());
            assertThat(read.invalidBecause()).isEqualTo(expected.judgement().reasons());
            assertThat(read.meanBatch()).isEqualTo(expected.result().meanBatch());
        }
        assertThat(f.capacityRate()).isEqualTo(o.capacity().orElseThrow().result().rate());
        assertThat(f.offline().orElseThrow().achieved())
                .isEqualTo(o.offline().orElseThrow().achievedRate());
        assertThat(f.lowestFailing()).isEqualTo(o.failing());
        assertThat(ServeFile.of(new ServeSetup("mlp", 1, 2), o, Map.of()).points())
                .as("the same as the run in memory")
                .isEqualTo(f.points());
    }

    @Test
    void aSweepsFileNamesItsModelJobAndLaunchSet() throws Exception {
        Path json =
                ServeFixtures.write(
                        dir,
                        "default-resnet50-w1",
                        new ServeSetup("resnet50", 1, 2),
                        batched(),
                        Map.of(
                                "model",
                                "file:/x/m.pt",
                                "input",
                                "1x3x224x224:float32",
                                "launch_set",
                                "default"));

        ServeFile f = ServeFile.read(json);

        assertThat(f.name()).isEqualTo("serve-default-resnet50-w1.json");
        assertThat(f.model()).isEqualTo("file:/x/m.pt");
        assertThat(f.input()).isEqualTo("1x3x224x224:float32");
        assertThat(f.jobId()).isEqualTo("default-resnet50-w1");
        assertThat(f.launchSet()).isEqualTo("default");
    }

    /**
     * The busy time, the sum over batches of their service time, worked out from the batch counts
     * and the service time of each size (8 + 2 x size ms): the per-request histogram counts a batch
     * of 4 four times, the pairing recovers each batch once.
     */
    @Test
    void theBusyTimeIsEachBatchsServiceTimeOnce() throws Exception {
        Capacity.Outcome o = batched();
        ServeFile f =
                ServeFile.read(
                        ServeFixtures.write(dir, "", new ServeSetup("mlp", 1, 1), o, Map.of()));
        for (int i = 0; i < o.points().size(); i++) {
            long[] batches = o.points().get(i).result().batches();
            double expected = 0;
            for (int size = 1; size < batches.length; size++) {
                expected += batches[size] * nanos(size) / 1e9;
            }
            assertThat(f.points().get(i).busySeconds())
                    .as("point %d", i + 1)
                    .isCloseTo(expected, within(expected * 1e-3)); // HdrHistogram's 3 digits
        }
        // Offline: all batches full (mean batch 4), each 16 ms
        ServeFile.Point offline = f.offline().orElseThrow();
        assertThat(offline.meanBatch()).isEqualTo(4);
        double full = offline.served() / 4.0 * nanos(4) / 1e9;
        assertThat(offline.busySeconds()).isCloseTo(full, within(full * 1e-3));
    }

    @Test
    void withoutTheHlogTheJsonsFiguresAreUsedAndTheGapIsSaid() throws Exception {
        Capacity.Outcome o = batched();
        Path json = ServeFixtures.write(dir, "", new ServeSetup("mlp", 1, 1), o, Map.of());
        Files.delete(dir.resolve("serve.hlog"));

        ServeFile f = ServeFile.read(json);

        assertThat(f.problems())
                .containsExactly(
                        "no serve.hlog beside serve.json: latency figures as the JSON stores them"
                                + " (no min, p95 or stdev)");
        ServeFile.Point first = f.points().get(0);
        assertThat(first.latency().percentile(99))
                .isEqualTo(PointResult.millis(o.points().get(0).result().latency(), 99));
        assertThat(first.latency().n()).isEqualTo(o.points().get(0).result().completed());
        assertThat(first.latency().min()).isNaN();
        assertThat(first.latency().percentile(95)).isNaN();
        assertThat(first.busySeconds()).isNaN();
    }

    @Test
    void aFileThatIsNotAServeRunIsRefusedByName() throws Exception {
        Path check = Files.writeString(dir.resolve("serve-check.json"), "{\"rows\": []}");
        assertThatThrownBy(() -> ServeFile.read(check))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("serve-check.json: not a serve run's file");
        Path broken = Files.writeString(dir.resolve("serve-x.json"), "{\"workers\": ");
        assertThatThrownBy(() -> ServeFile.read(broken))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("serve-x.json: not readable JSON");
    }
}
