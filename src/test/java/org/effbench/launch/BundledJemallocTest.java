package org.effbench.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledJemallocTest {

    @TempDir Path cache;

    @Test
    void theLibraryAndItsShimAreUnpackedAndBuiltOnceIntoOneFolder() throws Exception {
        assumeTrue(BundledJemalloc.unavailable(cache).isEmpty(), "needs x86-64 Linux and cc");
        List<Path> preload = BundledJemalloc.preload(cache);

        assertThat(BundledJemalloc.preload(cache)).isEqualTo(preload);
        assertThat(preload)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(BundledJemalloc.LIBRARY, BundledJemalloc.SHIM);
        Path folder = preload.get(0).getParent();
        assertThat(folder.getFileName().toString()).matches("jemalloc-[0-9a-f]{12}");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactlyInAnyOrderElementsOf(preload); // no temporary files
        }
        assumeTrue(NativeCache.onPath("nm"), "needs nm to read the symbols");
        assertThat(run(List.of("nm", "-D", preload.get(1).toString()), Map.of()))
                .contains("T malloc", "T free", "T posix_memalign", "T realloc", "U je_malloc");
    }

    @Test
    void preloadedTheyAreTheProcessMalloc() throws Exception {
        assumeTrue(BundledJemalloc.unavailable(cache).isEmpty(), "needs x86-64 Linux and cc");
        List<Path> preload = BundledJemalloc.preload(cache);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        // jemalloc prints its statistics at exit only if it served the process's allocations
        String out =
                run(
                        List.of(java, "-version"),
                        Map.of(
                                "LD_PRELOAD",
                                preload.get(0) + " " + preload.get(1),
                                "JE_MALLOC_CONF",
                                "stats_print:true"));
        assertThat(out).contains("openjdk version", "Begin jemalloc statistics");
    }

    @Test
    void withoutACompilerItIsUnavailableUntilItsShimIsCached() {
        assumeTrue(BundledJemalloc.unavailable(cache).isEmpty(), "needs x86-64 Linux and cc");
        Path empty = cache.resolve("no-bin");

        assertThat(BundledJemalloc.unavailable(cache, empty.toString()))
                .contains("needs a C compiler (cc) to build its forwarding shim");
        BundledJemalloc.preload(cache);
        assertThat(BundledJemalloc.unavailable(cache, empty.toString())).isEmpty();
    }

    private static String run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
