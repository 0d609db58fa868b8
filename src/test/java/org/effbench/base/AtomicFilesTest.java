package org.effbench.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file appears whole or not at all, and a write that fails says which file and why. */
class AtomicFilesTest {

    @TempDir Path dir;

    @Test
    void aFullDiskMidWriteLeavesThePreviousVersionAndNoPartialFile() throws Exception {
        Path target = dir.resolve("results.csv");
        AtomicFiles.writeString(target, "version 1\n");

        try (AutoCloseable full = AtomicFiles.simulateFullDisk(3)) {
            assertThatThrownBy(
                            () ->
                                    AtomicFiles.write(
                                            target,
                                            out -> {
                                                out.write("vers".getBytes(StandardCharsets.UTF_8));
                                                out.flush();
                                                out.write(
                                                        "ion 2\n".getBytes(StandardCharsets.UTF_8));
                                            }))
                    .isInstanceOf(IOException.class)
                    .hasMessage("cannot write " + target + ": No space left on device");
        }

        assertThat(target).hasContent("version 1");
        assertThat(names()).containsExactly("results.csv");
        // the disk has room again
        AtomicFiles.writeString(target, "version 2\n");
        assertThat(target).hasContent("version 2");
    }

    @Test
    void aFileItsCheckRejectsIsNotPublished() {
        Path target = dir.resolve("jmh-x.json");
        assertThatThrownBy(
                        () ->
                                AtomicFiles.write(
                                        target,
                                        out -> out.write('['),
                                        partial -> {
                                            assertThat(partial).hasContent("[");
                                            throw new IllegalStateException("cut short");
                                        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cut short");
        assertThat(names()).isEmpty();
    }

    @Test
    void aWriteThatCannotStartNamesTheFile() {
        Path target = dir.resolve("missing-folder").resolve("report.html");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x"))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot write " + target + ": No such file or directory");
    }

    private java.util.List<String> names() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
