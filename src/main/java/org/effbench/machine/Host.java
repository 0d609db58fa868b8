package org.effbench.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host as the JVM and Linux describe it. */
public record Host(String cpuModel, int cores, long memoryBytes, String os, String kernel) {

    public static Host describe() {
        return new Host(
                CpuInfo.read().model(),
                Runtime.getRuntime().availableProcessors(),
                readMemoryBytes(),
                System.getProperty("os.name"),
                System.getProperty("os.version"));
    }

    private static long readMemoryBytes() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                    .findFirst()
                    .orElse(-1);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
