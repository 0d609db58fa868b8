package org.effbench.cli;

import java.util.function.IntSupplier;
import org.effbench.base.Checks;
import org.effbench.bench.BenchParam;
import picocli.CommandLine.Option;

/** {@code --batch}: the batch size of a command that runs one model (profile, ops). */
final class BatchOption {

    static final String BATCH = "--batch";

    @Option(
            names = BATCH,
            paramLabel = "N",
            description =
                    "batch size (default: 1, or for a file: model the first dimension of --input)")
    Integer given;

    /**
     * @throws IllegalArgumentException if a batch is given below the smallest a benchmark takes
     */
    void check() {
        if (given != null) {
            Checks.atLeast(BATCH, given, BenchParam.BATCH_SIZE.min());
        }
    }

    /** The batch given, checked, or {@code otherwise} when none is. */
    int orElse(IntSupplier otherwise) {
        check();
        return given != null ? given : otherwise.getAsInt();
    }
}
