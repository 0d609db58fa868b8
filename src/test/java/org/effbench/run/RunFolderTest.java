package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
    void filesAppearOnlyWhenPublished(@TempDir Path results) throws Exception {
        RunFolder run = RunFolder.create(results, "jmh", START);
        Files.writeString(run.partial("jmh-callers-1.json"), "[]");
        assertThat(run.file("jmh-callers-1.json")).doesNotExist();

        run.publish("jmh-callers-1.json");

        assertThat(run.file("jmh-callers-1.json")).hasContent("[]");
        assertThat(run.partial("jmh-callers-1.json")).doesNotExist();
    }
}
