package org.effbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.effbench.base.AtomicFiles;
import picocli.CommandLine.Option;

/**
 * {@code --output FILE [--force]}: a report to a file, written whole, never over one without
 * --force.
 */
final class OutputOptions {

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "write to FILE instead of the console")
    Path output;

    @Option(names = "--force", description = "overwrite --output if it exists")
    boolean force;

    /**
     * @throws IllegalArgumentException before any work, if the file exists and --force is not given
     */
    void checkWritable() {
        if (output != null && Files.exists(output) && !force) {
            throw new IllegalArgumentException(
                    "output " + output + " exists; add --force to overwrite it");
        }
    }

    void write(String text) throws IOException {
        if (output == null) {
            System.out.print(text);
        } else {
            AtomicFiles.writeString(output, text);
            System.out.println("wrote " + output);
        }
    }
}
