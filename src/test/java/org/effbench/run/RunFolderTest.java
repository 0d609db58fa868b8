package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.effbench.base.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    private static final Instant START = Instant.parse("2026-11-26T01:02:03Z");

    @Test
    void isNamedByKindAndUtcStartAndNeverReused(@TempDir Path results) throws Exception {
        RunFolder run = RunFolder.create(results, "quick", START);
        assertThat(run.id()).isEqualTo("quick-20261126T010203Z");
        assertThat(run.path())
                .isEqualTo(results.resolve("runs/quick-20261126T010203Z"))
                .isDirectory();

        run.write("run.json", "{}");
        assertThatThrownBy(() -> RunFolder.create(results, "quick", START))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists already; results are never overwritten");
        assertThat(Files.readString(run.file("run.json"))).isEqualTo("{}");
    }

    @Test
    void aFileThatCannotBeWrittenWholeIsNotWrittenAtAll(@TempDir Path results) throws Exception {
        RunFolder run = RunFolder.create(results, "jmh", START);
        run.write("sweep.json", "{\"jobs\": 1}");

        try (AutoCloseable full = AtomicFiles.simulateFullDisk(4)) {
            assertThatThrownBy(() -> run.write("sweep.json", "{\"jobs\": 2}"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage(
                            "cannot write " + run.file("sweep.json") + ": No space left on device");
        }

        assertThat(run.file("sweep.json")).as("the last whole version").hasContent("{\"jobs\": 1}");
        try (Stream<Path> files = Files.list(run.path())) {
            assertThat(files)
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("sweep.json");
        }
    }
}
