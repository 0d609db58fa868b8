package org.effbench.run;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.util.Version;

/**
 * Everything that changes a number, recorded beside the raw JMH JSON as {@code run.json}: what was
 * asked for, the JVM and its flags, the engine versions, the machine and the environment
 * variables libtorch, OpenMP and the allocator read.
 */
public record RunManifest(
        String runId,
        String kind,
        List<String> arguments,
        Object request,
        String startedAt,
        String finishedAt,
        List<String> results,
        Machine machine,
        Jvm jvm,
        EngineVersions engine,
        Map<String, String> environment) {

    /** Variables that change how libtorch computes or allocates. */
    private static final Pattern RELEVANT_ENV = Pattern.compile("(OMP|KMP|GOMP|MKL|MKLDNN|DNNL|ONEDNN|OPENBLAS|TORCH|MALLOC|JEMALLOC|TCMALLOC)_.*|LD_PRELOAD|LD_LIBRARY_PATH");

    /** The machine as the JVM and Linux describe it. */
    public record Machine(String cpuModel, int cores, long memoryBytes, String os, String kernel) {
        public static Machine describe() {
            return new Machine(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryBytes(),
                    System.getProperty("os.name"), System.getProperty("os.version"));
        }
    }

    /** The JVM that launched the run; forks use the same binary with these arguments plus JMH's. */
    public record Jvm(String vendor, String version, String vmName, String javaHome, List<String> inputArguments) {
        public static Jvm describe() {
            return new Jvm(System.getProperty("java.vendor"), System.getProperty("java.runtime.version"),
                    System.getProperty("java.vm.name"), System.getProperty("java.home"),
                    ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
    }

    /** DJL and libtorch versions, read from the jars (without loading libtorch). */
    public record EngineVersions(String djl, String libtorch, String djlPytorchJni, String jmh) {
        public static EngineVersions describe() {
            Properties natives = properties("native/lib/pytorch.properties");
            Properties jni = properties("jnilib/pytorch.properties");
            return new EngineVersions(ai.djl.engine.Engine.getDjlVersion(),
                    natives.getProperty("version", "unknown") + " " + natives.getProperty("flavor", "") + " "
                            + natives.getProperty("classifier", ""),
                    jni.getProperty("jni_version", "unknown"),
                    Version.getPlainVersion());
        }
    }

    public static Map<String, String> relevantEnvironment() {
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (RELEVANT_ENV.matcher(k).matches()) {
                env.put(k, v);
            }
        });
        return env;
    }

    private static Properties properties(String resource) {
        Properties p = new Properties();
        try (InputStream in = RunManifest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable version file leaves the version "unknown"
        }
        return p;
    }

    private static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
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
