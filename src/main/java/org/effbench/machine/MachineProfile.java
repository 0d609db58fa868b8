package org.effbench.machine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.effbench.base.Fingerprints;

/**
 * The machine of one run: measured ceilings per thread count, the theoretical peak (a labelled
 * guess) and everything that changes results, as saved in {@code machine.json}.
 */
public record MachineProfile(
        CpuInfo cpu,
        int cores,
        long memoryBytes,
        String os,
        String kernel,
        Jvm jvm,
        List<String> garbageCollectors,
        EngineVersions engine,
        Map<String, String> environment,
        String gitCommit,
        String createdAt,
        List<Ceiling> ceilings,
        TheoreticalPeak theoreticalPeak) {

    public static final String FILE = "machine.json";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public MachineProfile {
        ceilings = ceilings.stream().sorted(Comparator.comparingInt(Ceiling::threads)).toList();
    }

    /**
     * A short fingerprint of the hardware and kernel: the same on every run of one machine, so
     * results merged from several machines stay apart.
     */
    public String fingerprint() {
        return Fingerprints.sha256Hex(
                String.join(
                        "|",
                        cpu.model(),
                        Integer.toString(cores),
                        Long.toString(memoryBytes / (1L << 30)),
                        kernel),
                6);
    }

    /** The ceiling measured at {@code threads}, if any. */
    public Optional<Ceiling> ceiling(int threads) {
        return ceilings.stream().filter(c -> c.threads() == threads).findFirst();
    }

    public String toJson() throws IOException {
        return JSON.writeValueAsString(this) + "\n";
    }

    public static MachineProfile read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), MachineProfile.class);
    }
}
