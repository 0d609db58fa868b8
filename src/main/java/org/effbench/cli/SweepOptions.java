package org.effbench.cli;

import org.effbench.sweep.Shard;
import picocli.CommandLine.Option;

/** {@code --shard i/n} and {@code --retry-failed}, for every command that runs a sweep. */
final class SweepOptions {

    @Option(names = "--shard", paramLabel = "i/n", description = "run only part i of n (0-based), e.g. 0/4 or $JOB_COMPLETION_INDEX/4")
    String shard;

    @Option(names = "--retry-failed", description = "run again the configurations a resumed sweep recorded as failed")
    boolean retryFailed;

    Shard shard() {
        return shard == null ? Shard.ALL : Shard.parse(shard);
    }
}
