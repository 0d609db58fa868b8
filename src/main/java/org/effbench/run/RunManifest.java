package org.effbench.run;

import java.util.List;
import java.util.Map;
import org.effbench.machine.EngineVersions;
import org.effbench.machine.Host;
import org.effbench.machine.Jvm;

/**
 * Everything that changes a number, recorded beside the raw JMH JSON as {@code run.json}: what was
 * asked for, the JVM and its flags, the engine versions, the machine and the environment variables
 * libtorch, OpenMP and the allocator read ({@code forks}: per launch set, how its forks were
 * started, which differs from this process's own environment).
 */
public record RunManifest(
        String runId,
        String kind,
        List<String> arguments,
        Object request,
        Map<String, Map<String, String>> forks,
        String startedAt,
        String finishedAt,
        List<String> results,
        Host machine,
        Jvm jvm,
        EngineVersions engine,
        Map<String, String> environment) {}
