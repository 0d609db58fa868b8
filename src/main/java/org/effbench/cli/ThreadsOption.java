package org.effbench.cli;

import org.effbench.base.Checks;
import org.effbench.bench.BenchParam;
import picocli.CommandLine.Option;

/**
 * {@code --threads}: libtorch's intra-op threads for a command that runs one model (ops,
 * deviation).
 */
final class ThreadsOption {

    static final String THREADS = "--threads";

    @Option(
            names = THREADS,
            defaultValue = "1",
            description = "libtorch intra-op threads (default: ${DEFAULT-VALUE})")
    int given;

    /**
     * The threads given, checked against the fewest a benchmark takes.
     *
     * @throws IllegalArgumentException below that
     */
    int checked() {
        return Checks.atLeast(THREADS, given, BenchParam.INTRA_OP_THREADS.min());
    }
}
