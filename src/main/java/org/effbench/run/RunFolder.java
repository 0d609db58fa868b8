package org.effbench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.effbench.base.AtomicFiles;

/**
 * The folder of one run under the results directory, named by its start time. A run never writes
 * into a folder that exists already, and every file appears whole or not at all.
 */
public final class RunFolder {

    private static final DateTimeFormatter ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String id;
    private final Path path;

    private RunFolder(String id, Path path) {
        this.id = id;
        this.path = path;
    }

    /**
     * Creates {@code resultsDir/runs/<kind>-<UTC start time>}; fails rather than reuse a folder.
     */
    public static RunFolder create(Path resultsDir, String kind, Instant start) {
        String id = kind + "-" + ID.format(start);
        Path path = resultsDir.resolve("runs").resolve(id);
        try {
            Files.createDirectories(path.getParent());
            Files.createDirectory(path);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(
                    "run folder " + path + " exists already; results are never overwritten");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create run folder " + path + ": " + e.getMessage(), e);
        }
        return new RunFolder(id, path);
    }

    /** A run folder that exists, to resume or read. */
    public static RunFolder existing(Path path) {
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("run folder " + path + " does not exist");
        }
        return new RunFolder(path.getFileName().toString(), path);
    }

    public String id() {
        return id;
    }

    public Path path() {
        return path;
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    /** Writes a whole text file atomically. */
    public Path write(String name, String content) {
        try {
            return AtomicFiles.writeString(file(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
