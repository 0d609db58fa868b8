package org.effbench.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    /** glibc's malloc tunables change how every activation is allocated: they are recorded. */
    @Test
    void allocatorAndThreadingVariablesAreKeptOthersNot() {
        assertThat(
                        Environment.relevant(
                                Map.of(
                                        "GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1073741824",
                                        "LD_PRELOAD", "/usr/lib/libtcmalloc_minimal.so.4",
                                        "OMP_NUM_THREADS", "2",
                                        "HOME", "/root",
                                        "PATH", "/usr/bin")))
                .containsOnlyKeys("GLIBC_TUNABLES", "LD_PRELOAD", "OMP_NUM_THREADS");
    }
}
