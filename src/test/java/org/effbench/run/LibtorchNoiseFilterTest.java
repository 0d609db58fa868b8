package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LibtorchNoiseFilterTest {

    private static final String WARNING =
            "[W1126 00:55:53.415903124 NNPACK.cpp:57] Could not initialize NNPACK! Reason: Unsupported hardware.\n";

    @Test
    void keepsTheFirstNnpackWarningAndEverythingElse() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (LibtorchNoiseFilter filter = new LibtorchNoiseFilter(sink)) {
            filter.write(
                    ("# Warmup Iteration   1: 12.3 ms/op\n" + WARNING + WARNING)
                            .getBytes(StandardCharsets.UTF_8));
            filter.write(WARNING.getBytes(StandardCharsets.UTF_8));
            filter.write(
                    "Iteration   1: 11.9 ms/op\nno newline at the end"
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(filter.suppressed()).isEqualTo(2);
        }
        assertThat(sink.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "# Warmup Iteration   1: 12.3 ms/op\n"
                                + WARNING.strip()
                                + " (repeats of this libtorch warning are not shown)\n"
                                + "Iteration   1: 11.9 ms/op\nno newline at the end");
    }
}
