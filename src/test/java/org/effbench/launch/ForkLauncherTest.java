package org.effbench.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.effbench.engine.ForkCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkLauncherTest {

    @TempDir Path dir;

    @Test
    void theScriptExportsTheEnvironmentQuotedAndExecsJava() {
        String script =
                ForkLauncher.script(
                        Path.of("/jdk/bin/java"), Map.of("LD_PRELOAD", "/a.so /b.so", "X", "it's"));

        assertThat(script)
                .startsWith("#!/bin/sh\n")
                .contains("export LD_PRELOAD='/a.so /b.so'\n")
                .contains("export X='it'\\''s'\n")
                .endsWith("exec '/jdk/bin/java' \"$@\"\n");
    }

    @Test
    void tunedGlibcNeedsNoPreloadAndIsRecorded() throws Exception {
        ForkLauncher.Prepared p =
                new ForkLauncher(
                                Allocator.GLIBC_TUNED,
                                MklDispatch.OFF,
                                null,
                                Map.of("OMP_PROC_BIND", "true"))
                        .prepare(dir, dir.resolve("cache"));

        assertThat(Files.isExecutable(p.script())).isTrue();
        assertThat(p.settings())
                .containsEntry("allocator", "glibc-tuned")
                .containsEntry("mklOnAmd", "off (off as asked)")
                .containsEntry(
                        "env.GLIBC_TUNABLES",
                        "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824")
                .containsEntry("env.OMP_PROC_BIND", "true")
                .doesNotContainKey("env.LD_PRELOAD");
        assertThat(Files.readString(p.script()))
                .contains("exec '" + System.getProperty("java.home") + "/bin/java'");
    }

    @Test
    void theBundledJemallocIsPreloadedLibraryFirstAndCheckedInTheFork() {
        Path cache = dir.resolve("cache");
        assumeTrue(
                Allocator.JEMALLOC_BUNDLED.unavailable(List.of(), cache).isEmpty(),
                "needs x86-64 Linux and cc");
        ForkLauncher.Prepared p =
                new ForkLauncher(Allocator.JEMALLOC_BUNDLED, MklDispatch.OFF, null, Map.of())
                        .prepare(dir, cache);

        List<Path> preload = BundledJemalloc.preload(cache);
        assertThat(p.settings())
                .containsEntry("allocator", "jemalloc-bundled")
                .containsEntry("env.LD_PRELOAD", preload.get(0) + " " + preload.get(1))
                .containsEntry(
                        "env." + ForkCheck.EXPECT_PRELOADED, preload.get(0) + ":" + preload.get(1))
                .containsEntry(
                        "env.JE_MALLOC_CONF",
                        "oversize_threshold:0,dirty_decay_ms:-1,muzzy_decay_ms:-1");
    }

    @Test
    void theScriptRunsJavaWithTheEnvironment() throws Exception {
        ForkLauncher.Prepared p =
                new ForkLauncher(Allocator.GLIBC_TUNED, MklDispatch.OFF, null, Map.of())
                        .prepare(dir, dir.resolve("cache"));
        Process java =
                new ProcessBuilder(p.script().toString(), "-XshowSettings:properties", "-version")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(java.getInputStream().readAllBytes());

        assertThat(java.waitFor()).isZero();
        assertThat(out).contains("java.home = " + System.getProperty("java.home"));
    }

    @Test
    void aMissingJdkOrLibraryIsNamed() {
        assertThatThrownBy(
                        () ->
                                new ForkLauncher(
                                                Allocator.GLIBC,
                                                MklDispatch.OFF,
                                                Path.of("/no/jdk"),
                                                Map.of())
                                        .prepare(dir, dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("JDK '/no/jdk' has no executable bin/java");
        assertThatThrownBy(() -> Allocator.TCMALLOC.preload(List.of(dir), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "allocator tcmalloc needs libtcmalloc_minimal.so.4, not found in "
                                + dir
                                + "; install Debian's libtcmalloc-minimal4, or choose another of glibc, glibc-tuned, glibc-returning, tcmalloc, jemalloc, jemalloc-bundled");
        assertThat(Allocator.GLIBC.preload(List.of(dir), dir)).isEmpty();
    }

    @Test
    void valuesOutsideTheChoicesAreRejected() {
        assertThatThrownBy(() -> Allocator.parse("mimalloc"))
                .hasMessage(
                        "allocator 'mimalloc' is not accepted; accepted: glibc, glibc-tuned, glibc-returning, tcmalloc, jemalloc, jemalloc-bundled");
        assertThatThrownBy(() -> MklDispatch.parse("yes"))
                .hasMessage("mklOnAmd 'yes' is not accepted; accepted: auto, on, off");
        assertThat(Allocator.parse(" TCMalloc ")).isEqualTo(Allocator.TCMALLOC);
    }
}
