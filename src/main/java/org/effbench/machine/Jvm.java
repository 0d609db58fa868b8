package org.effbench.machine;

import java.lang.management.ManagementFactory;
import java.util.List;

/** The JVM that launched the run; forks use the same binary with these arguments plus JMH's. */
public record Jvm(
        String vendor,
        String version,
        String vmName,
        String javaHome,
        List<String> inputArguments) {
    public static Jvm describe() {
        return new Jvm(
                System.getProperty("java.vendor"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("java.home"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}
