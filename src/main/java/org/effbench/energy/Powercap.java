package org.effbench.energy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Linux powercap energy counters ({@code /sys/class/powercap/<zone>/energy_uj}): the top-level
 * zones (packages, e.g. {@code intel-rapl:0}; sub-zones such as {@code intel-rapl:0:0} are parts of
 * them) summed. Counters wrap at {@code max_energy_range_uj}; a difference across one wrap is still
 * right.
 */
public final class Powercap {

    public static final Path DEFAULT_ROOT = Path.of("/sys/class/powercap");

    private final Path root;

    public Powercap(Path root) {
        this.root = root;
    }

    /** One reading of every top-level zone's counter. */
    public record Reading(List<Long> microjoules, List<Long> ranges) {}

    /** Reads every top-level zone, or empty when there is none or one cannot be read. */
    public Optional<Reading> read() {
        List<Path> zones = zones();
        if (zones.isEmpty()) {
            return Optional.empty();
        }
        List<Long> energy = new ArrayList<>();
        List<Long> ranges = new ArrayList<>();
        try {
            for (Path zone : zones) {
                energy.add(Long.parseLong(Files.readString(zone.resolve("energy_uj")).strip()));
                Path range = zone.resolve("max_energy_range_uj");
                ranges.add(
                        Files.isReadable(range)
                                ? Long.parseLong(Files.readString(range).strip())
                                : Long.MAX_VALUE);
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new Reading(energy, ranges));
    }

    /** Joules between two readings of the same zones, each zone's wrap handled. */
    public static double joulesBetween(Reading before, Reading after) {
        double micro = 0;
        for (int i = 0; i < before.microjoules().size(); i++) {
            long b = before.microjoules().get(i);
            long a = after.microjoules().get(i);
            micro += a >= b ? a - b : a + before.ranges().get(i) - b;
        }
        return micro / 1e6;
    }

    private List<Path> zones() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().matches("[a-z-]+:\\d+"))
                    .filter(p -> Files.isReadable(p.resolve("energy_uj")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
