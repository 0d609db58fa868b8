package org.effbench.machine;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Builds a {@link MachineProfile} from this machine and its measured ceilings. */
public final class MachineProfiler {

    private MachineProfiler() {}

    /** The profile of the machine this JVM runs on, with the ceilings measured on it. */
    public static MachineProfile describe(
            List<Ceiling> ceilings, Path workingDirectory, Instant now) {
        Host machine = Host.describe();
        CpuInfo cpu = CpuInfo.read();
        List<String> gcs =
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .toList();
        return new MachineProfile(
                cpu,
                machine.cores(),
                machine.memoryBytes(),
                machine.os(),
                machine.kernel(),
                Jvm.describe(),
                gcs,
                EngineVersions.describe(),
                Environment.relevant(),
                GitCommit.of(workingDirectory),
                now.toString(),
                ceilings,
                TheoreticalPeak.of(cpu, machine.cores()));
    }
}
