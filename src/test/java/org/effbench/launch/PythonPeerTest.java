package org.effbench.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer's settings and command, built without running Python. */
class PythonPeerTest {

    @TempDir Path dir;

    @Test
    void thePeerGetsOpenBlasItsCoreTypeAndTheLaunchSetsAllocatorAndVariables() {
        ForkLauncher launcher =
                new ForkLauncher(
                        Allocator.GLIBC_TUNED,
                        MklDispatch.OFF,
                        null,
                        Map.of("OMP_PROC_BIND", "close"));
        Path blas = dir.resolve("openblas-openmp");
        Map<String, String> env =
                new PythonPeer(blas, true)
                        .environment(
                                launcher,
                                dir.resolve("cache"),
                                Map.of(
                                        "PATH", "/usr/bin",
                                        "LD_LIBRARY_PATH", "/opt/lib",
                                        "LD_PRELOAD", "/stale/libtcmalloc.so"));

        assertThat(env)
                .containsEntry("PATH", "/usr/bin")
                .containsEntry("LD_LIBRARY_PATH", blas + ":/opt/lib")
                .containsEntry("OPENBLAS_CORETYPE", "SkylakeX")
                .containsEntry("OMP_PROC_BIND", "close")
                .containsEntry(
                        "GLIBC_TUNABLES", Allocator.GLIBC_TUNED.environment().get("GLIBC_TUNABLES"))
                // tuned glibc preloads nothing: an inherited preload must not change the malloc
                .doesNotContainKey("LD_PRELOAD");
        assertThat(env.get("EFFBENCH_PEER_SETTINGS"))
                .isEqualTo(
                        "BLAS "
                                + blas
                                + ", OPENBLAS_CORETYPE=SkylakeX, allocator glibc-tuned (LD_PRELOAD=none)");
    }

    @Test
    void withoutAvx512OpenBlasPicksItsOwnKernels() {
        ForkLauncher launcher = new ForkLauncher(Allocator.GLIBC, MklDispatch.OFF, null, Map.of());
        Map<String, String> env =
                new PythonPeer(dir, false)
                        .environment(
                                launcher,
                                dir.resolve("cache"),
                                Map.of("OPENBLAS_CORETYPE", "Haswell"));
        assertThat(env)
                .doesNotContainKey("OPENBLAS_CORETYPE")
                .containsEntry("LD_LIBRARY_PATH", dir.toString());
        assertThat(env.get("EFFBENCH_PEER_SETTINGS")).contains("OPENBLAS_CORETYPE=auto");
    }

    @Test
    void openBlasIsFoundInTheFirstLibraryFolderThatHasIt() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createDirectories(a.resolve("openblas-openmp"));
        Files.createDirectories(b.resolve("openblas-openmp"));
        Files.writeString(b.resolve("openblas-openmp/libopenblas.so.0"), "");
        assertThat(PythonPeer.openblas(List.of(a, b))).contains(b.resolve("openblas-openmp"));
        assertThat(PythonPeer.openblas(List.of(a))).isEmpty();
    }

    @Test
    void theCommandNamesTheModelItsInputAndTheTimes() {
        assertThat(
                        PythonPeer.command(
                                Path.of("/run/peer_pytorch.py"),
                                "file:/v/int8.pt",
                                "1x3x224x224:float32",
                                8,
                                2,
                                6,
                                2.5,
                                "peer-x",
                                Path.of("/run/peer-a.csv"),
                                "omp-active",
                                PythonPeer.engineFlags(
                                        List.of(
                                                "-Xmx4g",
                                                "-Deffbench.qengine=onednn",
                                                "-Dai.djl.pytorch.graph_optimizer=false"))))
                .containsExactly(
                        "/usr/bin/python3",
                        "/run/peer_pytorch.py",
                        "--model",
                        "file:/v/int8.pt",
                        "--batch",
                        "8",
                        "--threads",
                        "2",
                        "--warmup",
                        "6.000",
                        "--measure",
                        "2.500",
                        "--run-id",
                        "peer-x",
                        "--out",
                        "/run/peer-a.csv",
                        "--input",
                        "1x3x224x224:float32",
                        "--launch",
                        "omp-active",
                        "--qengine",
                        "onednn",
                        "--graph-optimizer",
                        "off");
        assertThat(
                        PythonPeer.command(
                                Path.of("s.py"),
                                "resnet50",
                                "",
                                1,
                                1,
                                1,
                                1,
                                "r",
                                Path.of("o"),
                                "",
                                PythonPeer.engineFlags(
                                        List.of("-Dai.djl.pytorch.graph_optimizer=true"))))
                .doesNotContain("--input", "--launch", "--qengine", "--graph-optimizer");
    }

    /** A python3 without torch, as on a machine where python3-torch is not installed. */
    @Test
    void aPythonWithoutTorchIsOneLineNamingThePackages() throws Exception {
        Path python = dir.resolve("python3");
        Files.writeString(
                python,
                "#!/bin/sh\necho 'Traceback (most recent call last):' >&2\n"
                        + "echo \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
        python.toFile().setExecutable(true);
        PythonPeer peer = new PythonPeer(dir, false);
        assertThatThrownBy(() -> peer.checkImports(python))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "peer = pytorch needs Python PyTorch: "
                                + python
                                + " cannot import torch and torchvision (ModuleNotFoundError: No"
                                + " module named 'torch'); install it with: apt-get install"
                                + " python3-torch python3-torchvision libopenblas0-openmp");
        assertThatThrownBy(() -> peer.checkImports(dir.resolve("none")))
                .hasMessageStartingWith(
                        "peer = pytorch needs Python PyTorch: "
                                + dir.resolve("none")
                                + " cannot start (")
                .hasMessageEndingWith("apt-get install " + PythonPeer.PACKAGES);
    }

    @Test
    void theJarCarriesTheScript() throws Exception {
        Path script = PythonPeer.writeScript(dir);
        assertThat(script.getFileName().toString()).isEqualTo(PythonPeer.SCRIPT);
        assertThat(Files.readString(script)).contains("def measure_one").contains("torch.jit.load");
    }
}
