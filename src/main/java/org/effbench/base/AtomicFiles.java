package org.effbench.base;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files that appear whole or not at all: written under a {@code .partial} name, then renamed in one
 * step.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** The name a writer fills before {@link #publish} moves it to {@code target}. */
    public static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    /** Moves the finished partial of {@code target} into place. */
    public static Path publish(Path target) throws IOException {
        return Files.move(
                partialOf(target),
                target,
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    public static Path writeString(Path target, String content) throws IOException {
        Files.writeString(partialOf(target), content, StandardCharsets.UTF_8);
        return publish(target);
    }
}
