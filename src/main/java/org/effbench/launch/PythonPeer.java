package org.effbench.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.effbench.base.JvmArgs;
import org.effbench.engine.QuantizedEngine;
import org.effbench.engine.TorchEngine;

/**
 * How the Python PyTorch peer starts, the one owner of its settings: Debian's {@code
 * /usr/bin/python3} with its {@code python3-torch}, OpenBLAS's OpenMP build on the library path
 * (Debian's torch otherwise links the reference BLAS, several times slower: a win against that
 * means nothing), {@code OPENBLAS_CORETYPE=SkylakeX} on AVX-512 CPUs (OpenBLAS 0.3.21 otherwise
 * takes its Haswell kernels there), and the allocator and variables of the launch set its twin's
 * forks ran with (not MKL's dispatch shim: this torch has no MKL). The script, {@code
 * peer_pytorch.py}, travels in the jar and is written into the run folder, so a run from the jar
 * alone needs no checkout, and the folder records what ran.
 */
public final class PythonPeer {

    /** Debian's interpreter, the one its python3-torch is built for. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    /** The system property that names another interpreter (a venv with its own torch). */
    public static final String PYTHON_PROPERTY = "effbench.peerPython";

    /** The script's name in the jar's {@code scripts/} and in a run folder. */
    public static final String SCRIPT = "peer_pytorch.py";

    /** What to install when the peer cannot run. */
    public static final String PACKAGES = "python3-torch python3-torchvision libopenblas0-openmp";

    /** OpenBLAS's OpenMP build: its folder under a library folder. */
    static final String OPENBLAS = "openblas-openmp";

    /** The variable the script writes into each row's warnings: what ran besides torch. */
    static final String SETTINGS_VARIABLE = "EFFBENCH_PEER_SETTINGS";

    /** Variables a parent JVM may carry that would change the peer's malloc unrecorded. */
    private static final List<String> CLEARED =
            List.of("LD_PRELOAD", "GLIBC_TUNABLES", "MALLOC_CONF", "OPENBLAS_CORETYPE");

    private final Path blas;
    private final boolean avx512;

    /**
     * @param blas the folder of OpenBLAS's OpenMP build
     * @param avx512 whether the CPU has AVX-512 (then OpenBLAS is told it is SkylakeX)
     */
    public PythonPeer(Path blas, boolean avx512) {
        this.blas = blas;
        this.avx512 = avx512;
    }

    /**
     * The peer on this machine, checked before anything is measured: OpenBLAS's OpenMP build is
     * installed and Debian's python3 imports torch and torchvision with it.
     *
     * @throws IllegalArgumentException in one line naming what is missing and the packages to
     *     install
     */
    public static PythonPeer installed(boolean avx512) {
        Path blas =
                openblas(Allocator.searchDirs())
                        .orElseThrow(
                                () ->
                                        missing(
                                                "OpenBLAS's OpenMP build (an "
                                                        + OPENBLAS
                                                        + " folder in "
                                                        + Allocator.LIBRARY_DIRS.stream()
                                                                .map(Path::toString)
                                                                .collect(Collectors.joining(", "))
                                                        + ") is not installed"));
        PythonPeer peer = new PythonPeer(blas, avx512);
        peer.checkImports(python());
        return peer;
    }

    /** The first {@code openblas-openmp} folder holding a library, in the loader's order. */
    static Optional<Path> openblas(List<Path> dirs) {
        return dirs.stream()
                .map(d -> d.resolve(OPENBLAS))
                .filter(d -> Files.isRegularFile(d.resolve("libopenblas.so.0")))
                .findFirst();
    }

    /** The interpreter: {@link #PYTHON} unless {@link #PYTHON_PROPERTY} names another. */
    public static Path python() {
        return Path.of(System.getProperty(PYTHON_PROPERTY, PYTHON.toString()));
    }

    /**
     * Checks that {@code python} imports torch and torchvision with this peer's BLAS.
     *
     * @throws IllegalArgumentException in one line naming what failed and the packages to install
     */
    void checkImports(Path python) {
        List<String> command =
                List.of(
                        python.toString(),
                        "-c",
                        "import torch, torchvision; print(torch.__version__)");
        String said;
        int exit;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("LD_LIBRARY_PATH", libraryPath(pb.environment()));
            Process p = pb.start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw missing(python + " did not import torch within 120 s");
            }
            exit = p.exitValue();
            said = new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw missing(python + " cannot start (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw missing("interrupted while " + python + " imported torch");
        }
        if (exit != 0) {
            List<String> lines = said.lines().toList();
            throw missing(
                    python
                            + " cannot import torch and torchvision ("
                            + (lines.isEmpty() ? "exit " + exit : lines.get(lines.size() - 1))
                            + ")");
        }
    }

    private static IllegalArgumentException missing(String what) {
        return new IllegalArgumentException(
                "peer = pytorch needs Python PyTorch: "
                        + what
                        + "; install it with: apt-get install "
                        + PACKAGES);
    }

    /** OpenBLAS's folder first, then what the variable held. */
    private String libraryPath(Map<String, String> env) {
        String before = env.get("LD_LIBRARY_PATH");
        return blas + (before == null || before.isEmpty() ? "" : ":" + before);
    }

    /**
     * The peer's environment on top of {@code inherited}: the launch set's allocator (preload and
     * variables) and extra variables, OpenBLAS, its core type, and the settings line the rows
     * carry.
     */
    public Map<String, String> environment(
            ForkLauncher launcher, Path cacheDir, Map<String, String> inherited) {
        Map<String, String> env = new LinkedHashMap<>(inherited);
        CLEARED.forEach(env::remove);
        // not MKL's dispatch shim, and nothing for ForkCheck to verify: this is not a fork
        env.putAll(launcher.processEnvironment(cacheDir, List.of(), false));
        env.put("LD_LIBRARY_PATH", libraryPath(inherited));
        if (avx512) {
            env.put("OPENBLAS_CORETYPE", "SkylakeX");
        }
        env.put(
                SETTINGS_VARIABLE,
                String.format(
                        Locale.ROOT,
                        "BLAS %s, OPENBLAS_CORETYPE=%s, allocator %s (LD_PRELOAD=%s)",
                        blas,
                        env.getOrDefault("OPENBLAS_CORETYPE", "auto"),
                        launcher.allocator().id(),
                        env.getOrDefault("LD_PRELOAD", "none")));
        return env;
    }

    /**
     * The command that measures one configuration and writes its row to {@code out}: {@code model}
     * ({@code resnet50}, or {@code file:PATH} with {@code input}, effbench's input shapes) at
     * {@code batch} with {@code threads} intra-op threads, warmed up for {@code warmupSeconds} and
     * timed for {@code measureSeconds}, with the {@link #engineFlags} of its twin's fork, whose
     * launch set it names ({@code launch}; the row records it, so the peer table pairs it with that
     * fork when a definition has several launch sets).
     */
    public static List<String> command(
            Path script,
            String model,
            String input,
            int batch,
            int threads,
            double warmupSeconds,
            double measureSeconds,
            String runId,
            Path out,
            String launch,
            List<String> engineFlags) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                python().toString(),
                                script.toString(),
                                "--model",
                                model,
                                "--batch",
                                Integer.toString(batch),
                                "--threads",
                                Integer.toString(threads),
                                "--warmup",
                                seconds(warmupSeconds),
                                "--measure",
                                seconds(measureSeconds),
                                "--run-id",
                                runId,
                                "--out",
                                out.toString()));
        if (!input.isEmpty()) {
            command.addAll(List.of("--input", input));
        }
        if (!launch.isEmpty()) {
            command.addAll(List.of("--launch", launch));
        }
        command.addAll(engineFlags);
        return command;
    }

    /**
     * The peer's flags for the engine settings a fork's JVM arguments make, so both sides run
     * alike: the quantized engine ({@code -Deffbench.qengine}; without it each side takes the one
     * the file's variants.json names) and the TorchScript graph optimizer turned off ({@code
     * -Dai.djl.pytorch.graph_optimizer=false}).
     */
    public static List<String> engineFlags(List<String> forkJvmArgs) {
        List<String> flags = new ArrayList<>();
        QuantizedEngine.named(forkJvmArgs).ifPresent(e -> flags.addAll(List.of("--qengine", e)));
        JvmArgs.property(forkJvmArgs, TorchEngine.GRAPH_OPTIMIZER_PROPERTY)
                .filter(v -> v.equalsIgnoreCase("false"))
                .ifPresent(v -> flags.addAll(List.of("--graph-optimizer", "off")));
        return flags;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /**
     * Writes the script from the jar into {@code dir}.
     *
     * @return its path
     */
    public static Path writeScript(Path dir) {
        Path script = dir.resolve(SCRIPT).toAbsolutePath();
        try (InputStream in =
                PythonPeer.class.getClassLoader().getResourceAsStream("scripts/" + SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(
                        "scripts/"
                                + SCRIPT
                                + " is missing from the classpath: rebuild with mvn package");
            }
            Files.write(script, in.readAllBytes());
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script + ": " + e.getMessage(), e);
        }
    }
}
