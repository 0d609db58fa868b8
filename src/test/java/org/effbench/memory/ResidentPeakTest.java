package org.effbench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.effbench.model.TorchScriptModel;
import org.junit.jupiter.api.Test;

/**
 * The resident peak is measured only where it means something; the measurement itself runs in a JVM
 * started with the returning malloc (BenchmarksJarIT checks it against a model with a known peak).
 */
class ResidentPeakTest {

    @Test
    void readsKilobyteFieldsOfProcStatus() {
        String status = "Name:\tjava\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";
        assertThat(ResidentPeak.kilobytes(status, "VmHWM")).isEqualTo(123_456);
        assertThat(ResidentPeak.kilobytes(status, "VmRSS")).isEqualTo(100_000);
        assertThatThrownBy(() -> ResidentPeak.kilobytes(status, "VmPeak"))
                .hasMessage("no VmPeak in /proc/self/status");
    }

    @Test
    void onlyAMallocThatReturnsFreedMemoryAtOnceQualifies() {
        String returning = "glibc.malloc.mmap_threshold=16384:glibc.malloc.trim_threshold=0";
        assertThat(ResidentPeak.returnsFreedMemory(returning, null)).isTrue();
        assertThat(ResidentPeak.returnsFreedMemory(returning, "/cache/libmkl-intel-cpu-1.so"))
                .isTrue();
        assertThat(
                        ResidentPeak.returnsFreedMemory(
                                "glibc.malloc.trim_threshold=0:glibc.malloc.mmap_threshold=4096",
                                null))
                .isTrue();
        // glibc-tuned keeps blocks up to 32 MiB in the heap; tcmalloc keeps everything
        assertThat(
                        ResidentPeak.returnsFreedMemory(
                                "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824",
                                null))
                .isFalse();
        assertThat(
                        ResidentPeak.returnsFreedMemory(
                                returning, "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"))
                .isFalse();
        assertThat(
                        ResidentPeak.returnsFreedMemory(
                                "glibc.malloc.mmap_threshold=16384:glibc.malloc.trim_threshold=10",
                                null))
                .isFalse();
        assertThat(ResidentPeak.returnsFreedMemory(null, null)).isFalse();
    }

    /**
     * Needs a Linux kernel that lets the process reset its resident peak, and a test JVM whose
     * malloc keeps memory.
     */
    @Test
    void refusesToMeasureInAJvmWhoseMallocKeepsMemory() {
        assumeTrue(
                Files.isWritable(Path.of("/proc/self/clear_refs")),
                "this machine offers no writable /proc/self/clear_refs (not Linux, or a restricted container)");
        String tunables = System.getenv("GLIBC_TUNABLES");
        assumeFalse(
                ResidentPeak.returnsFreedMemory(tunables, System.getenv("LD_PRELOAD")),
                "the test JVM already runs with a malloc that returns freed memory (GLIBC_TUNABLES="
                        + tunables
                        + ")");
        assertThat(ResidentPeak.unavailable())
                .hasValue(
                        "this JVM's malloc keeps freed memory (start it with allocator glibc-returning)");
        assertThatThrownBy(() -> ResidentPeak.measure((TorchScriptModel) null, 1, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "cannot measure peak memory: this JVM's malloc keeps freed memory (start it with allocator glibc-returning)");
    }
}
