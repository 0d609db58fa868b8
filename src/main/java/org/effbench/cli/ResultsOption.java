package org.effbench.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where run folders go: {@code <results>/runs/<run id>/}. */
final class ResultsOption {

    @Option(
            names = "--results",
            paramLabel = "DIR",
            defaultValue = "results",
            description =
                    "results directory; each run gets a new folder under DIR/runs (default: ${DEFAULT-VALUE})")
    Path dir;
}
