package org.effbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.effbench.report.ResultsMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code merge --output DIR RUN...}: one results.csv from the run folders of several shards or
 * machines.
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description =
                "Joins the results.csv of several run folders (e.g. shards from several machines) into one, "
                        + "keyed by machine fingerprint; refuses folders written with another schema.")
final class MergeCommand implements Callable<Integer> {

    @Option(
            names = "--output",
            required = true,
            paramLabel = "DIR",
            description = "folder for the merged results.csv")
    Path output;

    @Option(names = "--force", description = "overwrite an existing merged results.csv")
    boolean force;

    @Parameters(paramLabel = "RUN_FOLDER", arity = "1..*", description = "analyzed run folders")
    List<Path> folders;

    @Override
    public Integer call() {
        ResultsMerge.Outcome outcome = ResultsMerge.write(folders, output, force);
        System.out.printf(
                "Merged %d rows from %d folders (%d machines: %s) into %s%n",
                outcome.rows(),
                folders.size(),
                outcome.machines().size(),
                String.join(", ", outcome.machines()),
                output.resolve("results.csv"));
        if (!outcome.duplicates().isEmpty()) {
            System.out.printf(
                    "Dropped %d row(s) identical to an earlier one (the same folder given twice?),"
                            + " first: %s%n",
                    outcome.duplicates().size(), outcome.duplicates().get(0));
        }
        outcome.measuredTwice()
                .forEach(
                        t ->
                                System.out.println(
                                        "warning: measured twice, both rows kept (compare refuses"
                                                + " such a file): "
                                                + t));
        return 0;
    }
}
