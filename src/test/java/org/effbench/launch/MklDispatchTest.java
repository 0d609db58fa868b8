package org.effbench.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MklDispatchTest {

    @TempDir Path cache;

    @Test
    void offPreloadsNothing() {
        MklDispatch.Decision d = MklDispatch.OFF.decide(cache);
        assertThat(d.shim()).isEmpty();
        assertThat(d.reason()).isEqualTo("off as asked");
    }

    @Test
    void theShimIsBuiltOnceAndExportsTheVendorCheck() throws Exception {
        assumeTrue(onPath("cc"), "needs a C compiler");
        Path shim = MklDispatch.build(cache);

        assertThat(MklDispatch.build(cache)).isEqualTo(shim);
        assertThat(shim.getFileName().toString()).matches("libmkl-intel-cpu-[0-9a-f]{12}\\.so");
        assertThat(Files.list(cache)).containsExactly(shim); // no temporary files left
        assumeTrue(onPath("nm"), "needs nm to read the symbols");
        Process nm = new ProcessBuilder("nm", "-D", shim.toString()).start();
        assertThat(new String(nm.getInputStream().readAllBytes()))
                .contains("T mkl_serv_intel_cpu_true")
                .contains("T mkl_serv_intel_cpu");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
