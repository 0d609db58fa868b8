package org.effbench.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocatorTest {

    @TempDir Path dir;

    @Test
    void ldLibraryPathIsSearchedFirstThenTheSystemFolders() {
        assertThat(Allocator.searchDirs("/opt/a::/opt/b"))
                .startsWith(Path.of("/opt/a"), Path.of("/opt/b"))
                .endsWith(Allocator.LIBRARY_DIRS.toArray(Path[]::new))
                .hasSize(2 + Allocator.LIBRARY_DIRS.size());
        assertThat(Allocator.searchDirs(null)).isEqualTo(Allocator.LIBRARY_DIRS);
    }

    @Test
    void tcmallocIsPreferredWhereverItIsFound() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path lib = Files.createDirectory(dir.resolve("lib"));
        Files.writeString(lib.resolve("libtcmalloc_minimal.so.4"), "");
        Path cache = dir.resolve("cache");

        assertThat(Allocator.preferred(List.of(empty, lib), cache)).isEqualTo(Allocator.TCMALLOC);
        assertThat(Allocator.TCMALLOC.preload(List.of(empty, lib), cache))
                .containsExactly(lib.resolve("libtcmalloc_minimal.so.4"));
    }

    @Test
    void withoutTcmallocTheFirstFallbackThisMachineHasIsTaken() {
        Path cache = dir.resolve("cache");
        Allocator chosen = Allocator.preferred(List.of(dir), cache);

        assertThat(chosen).isNotEqualTo(Allocator.TCMALLOC);
        // every allocator ahead of the chosen one in the order is missing here, and it is not
        List<Allocator> ahead =
                Allocator.PREFERENCE.subList(0, Allocator.PREFERENCE.indexOf(chosen));
        assertThat(ahead).allMatch(a -> a.unavailable(List.of(dir), cache).isPresent());
        assertThat(chosen.unavailable(List.of(dir), cache)).isEmpty();
        assertThat(Allocator.PREFERENCE).endsWith(Allocator.GLIBC_TUNED); // needs nothing
        assertThat(Allocator.GLIBC_TUNED.unavailable(List.of(), cache)).isEmpty();
    }

    @Test
    void preloadsOfEveryAllocatorAreRecognisedAndOthersAreNot() {
        assertThat(Allocator.preloadsAnAllocator("/usr/lib/libtcmalloc_minimal.so.4")).isTrue();
        assertThat(
                        Allocator.preloadsAnAllocator(
                                "/c/jemalloc-ab12/libjemalloc.so.2 /c/jemalloc-ab12/"
                                        + BundledJemalloc.SHIM))
                .isTrue();
        assertThat(Allocator.preloadsAnAllocator("/c/libmkl-intel-cpu-1234.so")).isFalse();
        assertThat(Allocator.preloadsAnAllocator(null)).isFalse();
    }
}
