package org.effbench.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory map (/proc/self/maps): which libraries are mapped, and from where. */
final class ProcessMaps {

    private ProcessMaps() {}

    /**
     * Its text, a mapping per line, a mapped file's path last.
     *
     * @param purpose what it is read for, to name in the failure ({@code find libtorch})
     * @throws IllegalStateException when it cannot be read
     */
    static String read(String purpose) {
        try {
            return Files.readString(Path.of("/proc/self/maps"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read /proc/self/maps to " + purpose + ": " + e.getMessage(), e);
        }
    }
}
